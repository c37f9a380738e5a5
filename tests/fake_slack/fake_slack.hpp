#pragma once
// FakeSlack, the end-to-end tests' name for the emulator that `ritualbot sandbox` also runs
// (bot/sandbox/emulator.hpp, which documents what it emulates and its threading). One
// emulator for both uses, so what the tests prove about it holds for the sandbox too.

#include "bot/sandbox/emulator.hpp"

namespace ritualbot::testing {

using FakeSlack = bot::sandbox::Emulator;
using FakeSlackOptions = bot::sandbox::EmulatorOptions;
using bot::sandbox::Ack;
using bot::sandbox::ApiCall;
using bot::sandbox::ConnectionInfo;
using bot::sandbox::FailureSpec;
using bot::sandbox::RejectedFrame;

}  // namespace ritualbot::testing
