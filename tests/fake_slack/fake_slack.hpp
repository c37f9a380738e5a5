#pragma once
// FakeSlack, the end-to-end tests' name for the emulator that `ritualbot sandbox` also runs
// (emulator/emulator.hpp, which documents what it emulates and its threading). One
// emulator for both uses, so what the tests prove about it holds for the sandbox too.

#include "emulator/emulator.hpp"

namespace ritualbot::testing {

using FakeSlack = emulator::Emulator;
using FakeSlackOptions = emulator::EmulatorOptions;
using emulator::Ack;
using emulator::ApiCall;
using emulator::ConnectionInfo;
using emulator::FailureSpec;
using emulator::RejectedFrame;

}  // namespace ritualbot::testing
