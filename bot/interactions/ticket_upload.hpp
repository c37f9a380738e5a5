#pragma once
// Tickets uploaded from Slack: an admin attaches a CSV to `@ritualbot import` (an app_mention
// carrying `files`) or uses the "Import tickets" message shortcut on a message with one. The
// request is checked on the io thread inside the envelope's transaction (admin, a CSV, the
// size limit: commands/ticket_data/upload_import.hpp); then the file is fetched with the bot
// token (files.info, then its url_private_download), imported on the Worker (its own thread
// and connection), and the summary with the first rejected lines is posted in the thread of
// the message, through the outbox. A full worker queue or a shutdown is answered the same way.
// Threading: everything here runs on the io thread; only a job's `work` runs on the worker,
// and it holds nothing but values.

#include "bot/runtime/worker.hpp"
#include "bot/slack/event_router.hpp"

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace boost::asio {
class io_context;
}
namespace ritualbot::storage {
class Database;
}

namespace ritualbot::bot {
class DatabaseCalls;
namespace slack {
class WebApiClient;
}

class TicketUploads {
public:
    // `calls` writes the answer's outbox row (database_calls.hpp), `wake_sender` tells the
    // outbox sender there is a row. All must outlive this object.
    TicketUploads(boost::asio::io_context& io, slack::WebApiClient& bot_api, DatabaseCalls& calls,
                  Worker& worker, std::function<void()> wake_sender);

    // An app_mention whose text (after the bot's mention) starts with "import"; nullopt when
    // it does not (the caller answers it as a command).
    std::optional<slack::HandlerResult> on_mention(const nlohmann::json& event,
                                                   std::string_view text,
                                                   commands::Context& context);
    // The "Import tickets" message shortcut.
    slack::HandlerResult on_shortcut(const nlohmann::json& payload, commands::Context& context);

private:
    struct Upload;
    slack::HandlerResult start(Upload upload, commands::Context& context);
    static boost::asio::awaitable<void> fetch_and_import(TicketUploads* self, Upload upload);
    // Not in the coroutine: g++ 12 miscompiles capturing lambdas inside coroutines.
    static Worker::Job import_job(TicketUploads* self, Upload upload, std::string bytes);
    void answer(const Upload& upload, const std::string& text);

    boost::asio::io_context& io_;
    slack::WebApiClient& bot_api_;
    DatabaseCalls& calls_;
    Worker& worker_;
    std::function<void()> wake_sender_;
};

void register_ticket_uploads(slack::EventRouter& router, TicketUploads& uploads);

}  // namespace ritualbot::bot
