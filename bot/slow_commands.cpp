#include "bot/slow_commands.hpp"

#include "bot/runtime/database_calls.hpp"
#include "bot/runtime/log.hpp"
#include "bot/slack/outbox_writer.hpp"
#include "commands/clock.hpp"
#include "commands/command_table.hpp"
#include "commands/crew_placement.hpp"
#include "commands/replies.hpp"
#include "storage/database.hpp"

namespace ritualbot::bot {
namespace {

constexpr const char* kFailedText =
    "Sorry, something went wrong on ritualbot's side while working on that, and nothing was "
    "changed. Please try again; if it keeps failing, tell whoever runs the bot.";

// The answer to a slash command as a message: ephemeral to its user unless it is for the
// channel, or in their DM with the bot when they typed it in a DM. Written in `db`'s
// transaction (open one first); returns the outbox rows added.
std::size_t enqueue_answer(storage::Database& db, const SlowCommand& command,
                           commands::Reply reply, const std::string& key_prefix) {
    const commands::Request& request = command.request;
    if (command.in_dm) reply = commands::reply_from_dm(std::move(reply), request.channel_id);
    // A user id as the channel posts in the person's DM with the bot.
    commands::Post answer{command.in_dm ? request.user_id : request.channel_id, reply.text};
    answer.blocks = reply.blocks;  // e.g. /outliers trend's "Share chart in channel" button
    if (reply.visibility == commands::Visibility::ephemeral && !command.in_dm)
        answer.ephemeral_user = request.user_id;
    reply.effects.posts.insert(reply.effects.posts.begin(), std::move(answer));
    return slack::enqueue_effects(db, reply.effects, key_prefix);
}

}  // namespace

Worker::Job slow_command_job(const commands::CommandTable& table, DatabaseCalls& calls,
                             SlowCommand command, std::chrono::system_clock::time_point now,
                             std::function<void()> answered) {
    std::string context = std::string("command=").append(command.request.command);
    context.append(" channel=")
        .append(command.request.channel_id)
        .append(" envelope_id=")
        .append(command.envelope_id);
    auto failed = [&calls, command, answered](const std::string&) {
        calls.run(
            "slow_command.failed",
            [command](storage::Database& db) {
                // On SQLite on the io thread: never sleep there for long.
                const storage::BriefLockWait brief_wait(db);
                storage::Transaction transaction(db);
                enqueue_answer(db, command, commands::ephemeral_reply(kFailedText),
                               "cmd-failed:" + command.envelope_id);
                transaction.commit();
            },
            answered,
            [envelope_id = command.envelope_id](const std::string& error) {
                log::error("command.not_answered",
                           {{"envelope_id", envelope_id}, {"error", error}});
            });
    };
    return {"slow_command", std::move(context),
            [&table, command, now, answered](storage::Database& db,
                                             std::stop_token) -> Worker::Done {
                const commands::ManualClock clock(now);
                commands::Context context{&db, clock};
                commands::Reply reply;
                {
                    storage::Transaction read(db, storage::Transaction::Lock::read);
                    reply = table.dispatch(command.request, context);
                    read.commit();
                }
                // The write lock only for the outbox rows, not while reading.
                storage::Transaction write(db);
                enqueue_answer(db, command, std::move(reply), "cmd:" + command.envelope_id);
                write.commit();
                return answered;
            },
            std::move(failed)};
}

}  // namespace ritualbot::bot
