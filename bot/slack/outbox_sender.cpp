#include "bot/slack/outbox_sender.hpp"

#include "bot/runtime/log.hpp"
#include "bot/runtime/wall_clock.hpp"
#include "bot/slack/web_api_client.hpp"
#include "storage/database.hpp"
#include "storage/outbox.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace ritualbot::bot::slack {

namespace asio = boost::asio;
using std::chrono::milliseconds;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

constexpr std::int64_t kIdleWaitMs = 60'000;  // re-check even when nobody wakes us
constexpr std::size_t kHeadsPerPass = 32;

}  // namespace

struct OutboxSender::Impl {
    Impl(asio::any_io_executor ex, storage::Database& database, WebApiClient& api,
         OutboxSenderOptions opts)
        : executor(std::move(ex)), db(database), bot_api(api), options(opts), wake_timer(executor) {}

    asio::awaitable<void> recover_in_doubt();
    asio::awaitable<void> send(storage::OutboxRow row);
    milliseconds retry_delay(int attempts);

    asio::any_io_executor executor;
    storage::Database& db;
    WebApiClient& bot_api;
    OutboxSenderOptions options;
    asio::steady_timer wake_timer;
    std::map<std::string, std::int64_t> channel_free_at;  // per-channel pacing
    std::map<std::string, std::int64_t> method_free_at;   // after a 429 on that method
    std::mt19937 random{std::random_device{}()};
    bool stopping = false;
};

milliseconds OutboxSender::Impl::retry_delay(int attempts) {
    const double ceiling = std::min<double>(options.retry_cap.count(),
                                            options.retry_base.count() *
                                                std::pow(2.0, std::min(attempts, 20)));
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    return milliseconds(static_cast<std::int64_t>(ceiling * jitter(random)));
}

// A row left in `sending` was being posted when the bot stopped: Slack may or may not have it.
asio::awaitable<void> OutboxSender::Impl::recover_in_doubt() {
    storage::Outbox outbox(db);
    for (const storage::OutboxRow& row : outbox.in_doubt()) {
        const nlohmann::json args = {{"channel", row.channel},
                                     {"oldest", std::to_string(row.created_at / 1000 - 1)},
                                     {"include_all_metadata", true},
                                     {"limit", 200}};
        ApiResult history = co_await bot_api.call_with_retries("conversations.history", args, 3);
        std::string found_ts;
        if (history.ok()) {
            for (const auto& message : history.body.value("messages", nlohmann::json::array())) {
                const auto key = message.value(
                    nlohmann::json::json_pointer("/metadata/event_payload/key"), std::string());
                if (key == row.idempotency_key) found_ts = message.value("ts", std::string());
            }
        }
        if (!found_ts.empty()) {
            outbox.mark_sent(row.id, found_ts, wall_clock_ms());
            log::info("outbox.recovered", {{"id", std::to_string(row.id)}, {"ts", found_ts}});
        } else {
            outbox.mark_retry(row.id, wall_clock_ms(), "interrupted while sending");
            log::warn("outbox.resend", {{"id", std::to_string(row.id)},
                                        {"channel", row.channel},
                                        {"reason", history.ok() ? "not in the channel history"
                                                                : "history unavailable: " + history.error}});
        }
    }
}

asio::awaitable<void> OutboxSender::Impl::send(storage::OutboxRow row) {
    storage::Outbox outbox(db);
    nlohmann::json args = nlohmann::json::parse(row.payload, nullptr, false);
    if (args.is_discarded() || !args.is_object()) {
        outbox.mark_failed(row.id, "payload is not a JSON object");
        log::error("outbox.failed", {{"id", std::to_string(row.id)}, {"error", "corrupt payload"}});
        co_return;
    }
    if (row.method == "chat.postMessage") {
        args["metadata"] = {{"event_type", kOutboxMetadataType},
                            {"event_payload", {{"key", row.idempotency_key}}}};
    }
    if (!row.update_of.empty()) {
        // The edited post is ahead in the same channel queue, so it is sent or failed by now.
        const auto original = outbox.find_by_key(row.update_of);
        if (!original || original->posted_ts.empty()) {
            outbox.mark_failed(row.id, "the message to update was never posted");
            log::warn("outbox.update_orphaned", {{"id", std::to_string(row.id)},
                                                 {"update_of", row.update_of}});
            co_return;
        }
        args["ts"] = original->posted_ts;
    }
    outbox.mark_sending(row.id);
    const ApiResult result = co_await bot_api.call(row.method, args);
    const std::int64_t now = wall_clock_ms();
    // Slack's one-per-second-per-channel limit is about posting; edits share the pacing so a
    // burst of them coalesces into the newest, ephemeral replies and the rest do not wait.
    if (row.method == "chat.postMessage" || row.method == "chat.update")
        channel_free_at[row.channel] = now + options.per_channel_interval.count();

    if (result.ok()) {
        std::string ts = result.body.value("ts", std::string());
        if (ts.empty()) ts = result.body.value("message_ts", std::string());
        outbox.mark_sent(row.id, ts, now);
        log::info("outbox.sent", {{"id", std::to_string(row.id)},
                                  {"method", row.method},
                                  {"channel", row.channel},
                                  {"ts", ts}});
        co_return;
    }
    const int attempts = row.attempts + 1;
    switch (result.kind) {
        case ApiErrorKind::rate_limited: {
            const auto wait = std::chrono::duration_cast<milliseconds>(
                result.retry_after.value_or(std::chrono::seconds(30)));
            method_free_at[row.method] = now + wait.count();
            outbox.mark_retry(row.id, now + wait.count(), result.error);
            log::warn("outbox.rate_limited", {{"id", std::to_string(row.id)},
                                              {"method", row.method},
                                              {"retry_in_ms", std::to_string(wait.count())}});
            co_return;
        }
        case ApiErrorKind::transient:
        case ApiErrorKind::auth:
            if (attempts < options.max_attempts) {
                const milliseconds wait = retry_delay(attempts);
                outbox.mark_retry(row.id, now + wait.count(), result.error);
                log::warn("outbox.retry", {{"id", std::to_string(row.id)},
                                           {"method", row.method},
                                           {"error", result.error},
                                           {"attempt", std::to_string(attempts)},
                                           {"retry_in_ms", std::to_string(wait.count())}});
                co_return;
            }
            break;
        default: break;
    }
    outbox.mark_failed(row.id, result.error);
    log::error("outbox.failed", {{"id", std::to_string(row.id)},
                                 {"method", row.method},
                                 {"channel", row.channel},
                                 {"error", result.error},
                                 {"hint", result.error == "not_in_channel"
                                              ? "invite the bot to the channel"
                                              : "the message will not be retried"}});
}

OutboxSender::OutboxSender(asio::any_io_executor executor, storage::Database& db,
                           WebApiClient& bot_api, OutboxSenderOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), db, bot_api, options)) {}

OutboxSender::~OutboxSender() = default;

void OutboxSender::wake() { impl_->wake_timer.cancel(); }

void OutboxSender::stop() {
    impl_->stopping = true;
    impl_->wake_timer.cancel();
}

asio::awaitable<void> OutboxSender::run() {
    std::shared_ptr<Impl> self = impl_;  // keeps the state alive for the whole coroutine
    co_await self->recover_in_doubt();
    storage::Outbox outbox(self->db);
    while (!self->stopping) {
        std::int64_t now = wall_clock_ms();
        std::int64_t next_look = now + kIdleWaitMs;
        bool sent_any = false;
        for (storage::OutboxRow& row : outbox.due_heads(now, kHeadsPerPass)) {
            const std::int64_t free_at = std::max(self->channel_free_at[row.channel],
                                                  self->method_free_at[row.method]);
            if (free_at > now) {
                next_look = std::min(next_look, free_at);
                continue;
            }
            co_await self->send(std::move(row));
            sent_any = true;
            if (self->stopping) co_return;
            now = wall_clock_ms();
        }
        if (sent_any) continue;  // heads changed: look again at once
        // Due heads were all looked at above (sent, or waiting for their channel or method);
        // only a later retry time can shorten the wait.
        if (auto due = outbox.next_due_at(); due && *due > now) next_look = std::min(next_look, *due);
        self->wake_timer.expires_after(milliseconds(std::max<std::int64_t>(next_look - now, 0)));
        co_await self->wake_timer.async_wait(kNoThrow);
    }
}

}  // namespace ritualbot::bot::slack
