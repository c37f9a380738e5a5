#pragma once
// Slow commands (commands::Subcommand::slow: `/outliers trend` over months, `/outliers list`
// over several dates) as worker jobs: run on the worker's own connection in a read
// transaction, with the clock stopped at the moment the command came, and answered through
// the outbox (an ephemeral message to whoever asked, or a post when the reply is for the
// channel), since the ack ("working on it", from the router) went out long before. A job that
// fails or never runs (shutdown) is answered "something went wrong, nothing was changed".

#include "bot/runtime/worker.hpp"
#include "commands/request.hpp"

#include <chrono>
#include <functional>
#include <string>

namespace ritualbot::commands {
class CommandTable;
}
namespace ritualbot::storage {
class Database;
}

namespace ritualbot::bot {

class DatabaseCalls;

// What the worker runs: the request, the envelope it came in, and whether it was typed in a DM
// (then the answer is posted in the person's DM with the bot, not in the crew's channel).
struct SlowCommand {
    commands::Request request;
    std::string envelope_id;
    bool in_dm = false;
};

// `table` is built before the worker starts and only read, so the worker thread may read it
// too. `calls` writes the failure notice (from the io thread, where the job's failure is
// reported). `answered` runs on the io thread once a message is in the outbox (wake the sender
// there).
Worker::Job slow_command_job(const commands::CommandTable& table, DatabaseCalls& calls,
                             SlowCommand command, std::chrono::system_clock::time_point now,
                             std::function<void()> answered);

}  // namespace ritualbot::bot
