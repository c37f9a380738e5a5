#pragma once
// Drives commands::Scheduler from the io thread, its database work through DatabaseCalls
// (database_calls.hpp): ticks at start, then sleeps until the next fire time (never longer than
// `max_sleep`, so channel config changes and a moved test clock are picked up) and ticks again.
// A tick hands its thread back after a slice of about 20 ms between two runs; the rest of the due
// runs (1,000 digests at 09:00) go on after whatever waited meanwhile, acks first.
// Each fired run's effects become outbox rows in the run's own transaction; `on_enqueued` then
// wakes the outbox sender.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>

namespace ritualbot::bot {
class DatabaseCalls;
}
namespace ritualbot::commands {
class Clock;
class Scheduler;
}  // namespace ritualbot::commands

namespace ritualbot::bot {

class SchedulerTimer {
public:
    SchedulerTimer(boost::asio::any_io_executor executor, DatabaseCalls& calls,
                   const commands::Clock& clock, commands::Scheduler& scheduler,
                   std::function<void()> on_enqueued, std::chrono::milliseconds max_sleep);
    ~SchedulerTimer();

    boost::asio::awaitable<void> run();  // until stop()
    void stop();

    struct Impl;

private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace ritualbot::bot
