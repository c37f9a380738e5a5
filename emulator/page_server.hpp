#pragma once
// Internal to Emulator: the sandbox page's plain-HTTP listener. Serves the embedded page, the
// page's requests (answered by Emulator::State::handle_page) and a server-sent-events stream
// of the timeline. Runs on the emulator's io_context and thread; constructed before that
// thread starts and destroyed after it stopped.

#include "emulator/emulator_state.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <string>

namespace ritualbot::emulator {

class Emulator::PageServer {
public:
    using Deliver = std::function<void(State::Envelopes)>;  // sends to the newest connection

    // Binds `address` (HOST:PORT; port 0 picks one) at once, so a busy port fails here with
    // a std::runtime_error naming the address.
    PageServer(boost::asio::io_context& io, State& state, const std::string& address,
               Deliver deliver);
    ~PageServer();
    PageServer(const PageServer&) = delete;
    PageServer& operator=(const PageServer&) = delete;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ritualbot::emulator
