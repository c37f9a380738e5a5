#include "bot/interactions/ticket_upload.hpp"

#include "bot/runtime/database_calls.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/wall_clock.hpp"
#include "bot/slack/outbox_writer.hpp"
#include "bot/slack/payload_fields.hpp"
#include "bot/slack/web_api_client.hpp"
#include "commands/channel/admins.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/clock.hpp"
#include "commands/command_table.hpp"
#include "commands/render/ids.hpp"
#include "commands/ticket_data/upload_import.hpp"
#include "storage/database.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <sstream>

namespace ritualbot::bot {
namespace {

using nlohmann::json;
using slack::string_at;

commands::UploadedFile file_from(const json& object) {
    commands::UploadedFile file;
    file.id = string_at(object, "id");
    file.name = string_at(object, "name");
    file.filetype = string_at(object, "filetype");
    file.mimetype = string_at(object, "mimetype");
    if (const auto size = object.find("size"); size != object.end() && size->is_number_unsigned())
        file.size = size->get<std::uint64_t>();
    return file;
}

// The first file a message carries, or nullptr.
const json* first_file(const json& message) {
    const auto files = message.find("files");
    if (files == message.end() || !files->is_array() || files->empty()) return nullptr;
    return files->front().is_object() ? &files->front() : nullptr;
}

// `only_for`: shown to that person alone, as refusals of other admin commands are.
slack::HandlerResult reply_in_thread(const std::string& channel, const std::string& thread_ts,
                                     std::string text, const std::string& only_for = {}) {
    slack::HandlerResult result;
    commands::Post post{channel, std::move(text)};
    post.thread_ts = thread_ts;
    post.ephemeral_user = only_for;
    result.effects.posts.push_back(std::move(post));
    return result;
}

}  // namespace

struct TicketUploads::Upload {
    std::string channel;
    std::string user;
    std::string team;
    std::string thread_ts;  // the message that carries the file
    const json* file = nullptr;  // valid only while the envelope is handled
    commands::UploadedFile described;
    commands::ImportOptions options;
};

TicketUploads::TicketUploads(boost::asio::io_context& io, slack::WebApiClient& bot_api,
                             DatabaseCalls& calls, Worker& worker,
                             std::function<void()> wake_sender)
    : io_(io),
      bot_api_(bot_api),
      calls_(calls),
      worker_(worker),
      wake_sender_(std::move(wake_sender)) {}

std::optional<slack::HandlerResult> TicketUploads::on_mention(const json& event,
                                                              std::string_view text,
                                                              commands::Context& context) {
    auto options = commands::parse_import_request(text);
    if (!options) return std::nullopt;
    Upload upload;
    upload.channel = string_at(event, "channel");
    upload.user = string_at(event, "user");
    upload.team = string_at(event, "team");
    const std::string thread = string_at(event, "thread_ts");
    upload.thread_ts = thread.empty() ? string_at(event, "ts") : thread;
    if (!*options) return reply_in_thread(upload.channel, upload.thread_ts, options->error());
    upload.options = std::move(**options);
    upload.file = first_file(event);
    return start(std::move(upload), context);
}

slack::HandlerResult TicketUploads::on_shortcut(const json& payload, commands::Context& context) {
    Upload upload;
    upload.channel = string_at(payload, "/channel/id"_json_pointer);
    upload.user = string_at(payload, "/user/id"_json_pointer);
    upload.team = string_at(payload, "/team/id"_json_pointer);
    upload.thread_ts = string_at(payload, "message_ts");
    if (const json* message = slack::find_at(payload, "/message"_json_pointer)) {
        upload.file = first_file(*message);
        const std::string thread = string_at(*message, "thread_ts");
        if (!thread.empty()) upload.thread_ts = thread;
    }
    return start(std::move(upload), context);
}

slack::HandlerResult TicketUploads::start(Upload upload, commands::Context& context) {
    const commands::Request request{"/ritual", "import", upload.channel, upload.user, upload.team};
    if (auto refused = commands::require_admin(context, request, "import tickets")) {
        return reply_in_thread(upload.channel, upload.thread_ts, *refused, upload.user);
    }
    if (!upload.file) {
        return reply_in_thread(
            upload.channel, upload.thread_ts,
            "There is no file on this message. Attach a CSV of tickets to a message that says "
            "`@ritualbot import`, or use the message shortcut *Import tickets* on a message that "
            "carries one.");
    }
    upload.described = file_from(*upload.file);
    upload.file = nullptr;
    if (auto refused = commands::refuse_upload(upload.described)) {
        return reply_in_thread(upload.channel, upload.thread_ts, *refused);
    }
    log::info("upload.accepted", {{"channel", upload.channel},
                                  {"file", upload.described.id},
                                  {"user", upload.user}});
    // Runs once the envelope's transaction is committed, on the io thread: posted, since the
    // router may run on the database thread (bot/runtime/database_calls.hpp).
    boost::asio::post(io_, [this, upload = std::move(upload)]() mutable {
        boost::asio::co_spawn(io_, fetch_and_import(this, std::move(upload)),
                              [](std::exception_ptr e) {
                                  if (e) std::rethrow_exception(e);
                              });
    });
    return {};
}

boost::asio::awaitable<void> TicketUploads::fetch_and_import(TicketUploads* self, Upload upload) {
    nlohmann::json args = nlohmann::json::object();
    args["file"] = upload.described.id;
    const slack::ApiResult info = co_await self->bot_api_.call_with_retries("files.info", args);
    if (!info.ok()) {
        log::warn("upload.files_info_failed", {{"file", upload.described.id}, {"error", info.error}});
        self->answer(upload, std::string("I could not read the file from Slack (")
                                 .append(info.error)
                                 .append(info.error == "missing_scope"
                                             ? ": the app needs the files:read scope"
                                             : "")
                                 .append("). Nothing was imported."));
        co_return;
    }
    const json file = info.body.value("file", json::object());
    const commands::UploadedFile described = file_from(file);
    if (auto refused = commands::refuse_upload(described)) {
        self->answer(upload, *refused);
        co_return;
    }
    slack::Download download = co_await self->bot_api_.download(
        string_at(file, "url_private_download"), commands::kMaxUploadBytes);
    if (!download.ok()) {
        log::warn("upload.download_failed", {{"file", described.id}, {"error", download.error}});
        commands::UploadedFile oversized = described;
        oversized.size = commands::kMaxUploadBytes + 1;
        self->answer(upload, download.too_large ? *commands::refuse_upload(oversized)
                                                : std::string("I could not download the file: ")
                                                      .append(download.error)
                                                      .append(". Nothing was imported."));
        co_return;
    }
    if (auto refused = commands::refuse_content(described, download.body)) {
        self->answer(upload, *refused);
        co_return;
    }

    upload.described = described;
    const Upload answer_to = upload;
    switch (self->worker_.submit(import_job(self, std::move(upload), std::move(download.body)))) {
        case Worker::Admission::queued:
            break;
        case Worker::Admission::full:
            self->answer(answer_to, "The bot is busy with other imports: nothing was imported. "
                                    "Try again in a few minutes.");
            break;
        case Worker::Admission::stopped:
            self->answer(answer_to, std::string("The import did not run: ")
                                        .append(Worker::kShutdownReason)
                                        .append("."));
            break;
    }
}

Worker::Job TicketUploads::import_job(TicketUploads* self, Upload upload, std::string bytes) {
    Worker::Job job;
    job.name = "ticket_upload";
    job.context = std::string("channel=").append(upload.channel).append(" file=").append(
        upload.described.id);
    // `work` holds values only; `self` is passed through to the io thread, never used there.
    // One transaction, all or nothing, a few seconds at most (kMaxUploadBytes): the stop token
    // is not checked.
    job.work = [self, upload, bytes = std::move(bytes)](storage::Database& db,
                                                        std::stop_token) -> Worker::Done {
        std::istringstream csv(bytes);
        const commands::ImportReport report =
            commands::import_tickets_csv(db, upload.channel, csv, upload.options);
        const date::time_zone* zone = commands::load_channel_config(db, upload.channel).zone;
        std::string text = commands::upload_reply_text(upload.described, report, zone);
        return [self, upload, text = std::move(text), accepted = report.accepted,
                rejected = report.rejected_count] {
            log::info("upload.imported", {{"channel", upload.channel},
                                          {"file", upload.described.id},
                                          {"accepted", std::to_string(accepted)},
                                          {"rejected", std::to_string(rejected)}});
            self->answer(upload, text);
        };
    };
    job.failed = [self, upload](const std::string& reason) {
        self->answer(upload, std::string("The import did not run: ").append(reason));
    };
    return job;
}

void TicketUploads::answer(const Upload& upload, const std::string& text) {
    const std::string key = std::string("upload:")
                                .append(upload.described.id)
                                .append(":")
                                .append(upload.thread_ts)
                                .append(":")
                                .append(std::to_string(wall_clock_ms()));
    calls_.run(
        "upload.answer",
        [reply = reply_in_thread(upload.channel, upload.thread_ts, text),
         key](storage::Database& db) {
            storage::Transaction transaction(db);
            const std::size_t rows = slack::enqueue_effects(db, reply.effects, key);
            transaction.commit();
            return rows;
        },
        [this](std::size_t rows) {
            if (rows > 0) wake_sender_();
        },
        [id = upload.described.id](const std::string& error) {
            log::error("upload.not_answered", {{"file", id}, {"error", error}});
        });
}

void register_ticket_uploads(slack::EventRouter& router, TicketUploads& uploads) {
    router.on_shortcut(std::string(commands::tickets::kImportTicketsCallback),
                       [&uploads](const json& payload, commands::Context& context) {
                           return uploads.on_shortcut(payload, context);
                       });
}

}  // namespace ritualbot::bot
