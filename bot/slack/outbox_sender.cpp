#include "bot/slack/outbox_sender.hpp"

#include "bot/runtime/database_await.hpp"
#include "bot/runtime/database_calls.hpp"
#include "bot/runtime/lease_keeper.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/wall_clock.hpp"
#include "bot/slack/chart_upload.hpp"
#include "bot/slack/outbox_writer.hpp"
#include "bot/slack/web_api_client.hpp"
#include "commands/channel/channel_presence.hpp"
#include "storage/channel_pauses.hpp"
#include "storage/database.hpp"
#include "storage/outbox.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <exception>
#include <map>
#include <random>

namespace ritualbot::bot::slack {

namespace asio = boost::asio;
using std::chrono::milliseconds;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

namespace {

constexpr std::int64_t kIdleWaitMs = 60'000;  // re-check even when nobody wakes us
constexpr std::size_t kHeadsPerPass = 64;
// A pass with more lanes due than this is a backlog (every channel's 09:00 posts at once): it
// calls side by side, up to kCallsInFlight, each lane still one row at a time. Fewer due lanes
// go one after another, so ordinary traffic reaches Slack in the order it was queued, across
// channels too (a channel's announcement before the DM that follows it).
constexpr std::size_t kSequentialUpTo = 8;
constexpr std::size_t kCallsInFlight = 8;
constexpr int kHistoryPages = 10;  // in-doubt lookup: up to 2,000 messages since the row

// The sender's writes never wait for another process's write lock (storage::NoLockWait): a
// busy database fails the pass instead (a row it left `sending` is recovered from Slack's
// history), which is retried after a backoff.
using storage::NoLockWait;

std::string lease_name(const std::string& channel) { return "outbox:" + channel; }

RowEvent event_of(const ApiResult& result) {
    switch (result.kind) {
        case ApiErrorKind::none:
            return RowEvent::sent;
        case ApiErrorKind::rate_limited:
            return RowEvent::rate_limited;
        case ApiErrorKind::transient:
            return RowEvent::transient;
        case ApiErrorKind::auth:
            return RowEvent::auth;
        case ApiErrorKind::slack_error:
            return RowEvent::refused;
    }
    return RowEvent::refused;
}

// The Slack channel a row goes to: its payload's "channel" when it has one (a lane such as
// "edit:C1" or "respond:U1" is not a channel), else its lane.
std::string conversation_in(const nlohmann::json& args, const std::string& lane) {
    const auto channel = args.find("channel");
    return channel != args.end() && channel->is_string() ? channel->get<std::string>() : lane;
}

std::string conversation_of(const storage::OutboxRow& row) {
    const nlohmann::json args = nlohmann::json::parse(row.payload, nullptr, false);
    return args.is_object() ? conversation_in(args, row.channel) : row.channel;
}

bool posted_or_given_up(storage::Outbox& outbox, const std::string& post_key) {
    const auto post = outbox.find_by_key(post_key);
    return !post || post->state == storage::OutboxState::sent ||
           post->state == storage::OutboxState::failed;
}

}  // namespace

// Threading: the coroutines, the policy, the backoff and the timer are the io thread's; every
// use of `db` and of `leases` (which writes through it) is a database call (database_await.hpp),
// on the database thread on PostgreSQL, inline on SQLite.
struct OutboxSender::Impl {
    Impl(asio::any_io_executor ex, DatabaseCalls& database_calls, WebApiClient& api,
         OutboxSenderOptions opts, LeaseOptions leasing)
        : executor(std::move(ex)),
          calls(database_calls),
          db(database_calls.database()),
          bot_api(api),
          policy(opts, [this] { return jitter(random); }),
          leases(database_calls.database(), std::move(leasing)),
          wake_timer(executor),
          call_done(executor) {}

    // On the database side: runs `write` in one transaction with the check that this process
    // still holds the channel's lease (the fence); false, writing nothing, when another
    // instance took it.
    template <typename Write>
    bool under_lease(const std::string& channel, Write write);
    asio::awaitable<void> recover_in_doubt();
    struct Lookup {
        std::string ts;       // of the post, when the channel's history has it
        std::string why_not;  // otherwise, for the log
    };
    asio::awaitable<Lookup> find_posted(storage::OutboxRow row);
    asio::awaitable<void> send(storage::OutboxRow listed);
    // send() side by side: start_send() starts one, calls_at_most(n) waits until no more than
    // n are under way. A send that threw is kept in call_failed.
    void start_send(storage::OutboxRow row);
    std::size_t calls_under_way() const;
    asio::awaitable<void> calls_at_most(std::size_t calls);
    asio::awaitable<std::optional<milliseconds>> pass();
    asio::awaitable<void> perform(storage::OutboxRow row, RowDecision decision,
                                  std::string ts = {});
    // On the database side.
    void apply(storage::Outbox& outbox, const storage::OutboxRow& row,
               const RowDecision& decision, const std::string& ts);

    asio::any_io_executor executor;
    DatabaseCalls& calls;
    storage::Database& db;  // the database side's: only inside calls
    WebApiClient& bot_api;
    std::mt19937 random{std::random_device{}()};
    std::uniform_real_distribution<double> jitter{0.0, 1.0};
    OutboxPolicy policy;
    LeaseKeeper leases;
    std::chrono::steady_clock::time_point next_doubt_sweep{};
    Backoff failures{std::chrono::seconds(1), std::chrono::seconds(60),
                     [this] { return jitter(random); }};
    asio::steady_timer wake_timer;
    // Set by wake(): rows were added after the current pass listed the heads. Cancelling the
    // timer alone misses a wake that comes while the pass awaits the database or Slack.
    bool woken = false;
    bool stopping = false;
    // The pass's calls under way by method (for the methods' budgets); each one that finishes
    // cancels call_done.
    std::map<std::string, std::size_t> in_flight_by_method;
    asio::steady_timer call_done;
    std::exception_ptr call_failed;
};

asio::awaitable<OutboxSender::Impl::Lookup> OutboxSender::Impl::find_posted(
    storage::OutboxRow row) {
    if (!can_look_up_in_history(row.channel, row.method))
        co_return Lookup{{}, "not a channel post, so it cannot be looked up"};
    const nlohmann::json args = {{"channel", row.channel},
                                 {"oldest", std::to_string(row.created_at / 1000 - 1)},
                                 {"include_all_metadata", true},
                                 {"limit", 200}};
    const ApiResult history =
        co_await bot_api.paginate("conversations.history", args, "messages", kHistoryPages);
    if (!history.ok()) co_return Lookup{{}, "history unavailable: " + history.error};
    const nlohmann::json messages = history.body.value("messages", nlohmann::json::array());
    for (const auto& message : messages) {
        if (outbox_key_of(message) == row.idempotency_key && message.contains("ts") &&
            message["ts"].is_string())
            co_return Lookup{message["ts"].get<std::string>(), {}};
    }
    co_return Lookup{{}, "not in the channel history"};
}

template <typename Write>
bool OutboxSender::Impl::under_lease(const std::string& channel, Write write) {
    const NoLockWait no_wait(db);
    storage::Transaction transaction(db);
    if (!leases.still_holds(lease_name(channel))) {
        log::warn("outbox.fenced", {{"channel", channel},
                                    {"next", "another instance took this channel's outbox over "
                                             "(this one was paused past its lease); its rows "
                                             "are left to it"}});
        return false;
    }
    write();
    transaction.commit();
    return true;
}

// A row left in `sending` was being posted when its sender stopped, this process or another
// instance that died or was paused past its lease: Slack may or may not have it. Only rows of
// channels whose lease this process holds; its own sends are finished between passes.
asio::awaitable<void> OutboxSender::Impl::recover_in_doubt() {
    const std::vector<storage::OutboxRow> ours =
        co_await on_database_side(calls, "outbox.in_doubt", [this](storage::Database&) {
            std::vector<storage::OutboxRow> rows;
            for (storage::OutboxRow& row : storage::Outbox(db).in_doubt()) {
                if (leases.hold(lease_name(row.channel), wall_clock_ms()).lease)
                    rows.push_back(std::move(row));
            }
            return rows;
        });
    for (const storage::OutboxRow& row : ours) {
        const Lookup found = co_await find_posted(row);
        const auto recover = [this, &row, &found](storage::Database&) {
            storage::Outbox outbox(db);
            under_lease(row.channel, [&] {
                if (!found.ts.empty()) {
                    outbox.mark_sent(row.id, found.ts, wall_clock_ms());
                    log::info("outbox.recovered",
                              {{"id", std::to_string(row.id)}, {"ts", found.ts}});
                } else {
                    outbox.mark_retry(row.id, wall_clock_ms(), "interrupted while sending");
                    log::warn("outbox.resend", {{"id", std::to_string(row.id)},
                                                {"channel", row.channel},
                                                {"reason", found.why_not}});
                }
            });
        };
        co_await on_database_side(calls, "outbox.recover", recover);
    }
}

asio::awaitable<void> OutboxSender::Impl::perform(storage::OutboxRow row, RowDecision decision,
                                                  std::string ts) {
    if (decision.action == RowAction::skip) {
        log::debug("outbox.skipped", {{"id", std::to_string(row.id)},
                                      {"channel", row.channel},
                                      {"reason", decision.reason}});
        co_return;
    }
    co_await on_database_side(calls, "outbox.mark", [&](storage::Database&) {
        storage::Outbox outbox(db);
        under_lease(row.channel, [&] { apply(outbox, row, decision, ts); });
    });
}

void OutboxSender::Impl::apply(storage::Outbox& outbox, const storage::OutboxRow& row,
                               const RowDecision& decision, const std::string& ts) {
    const std::string id = std::to_string(row.id);
    const std::int64_t now = wall_clock_ms();
    switch (decision.action) {
        case RowAction::skip:
            return;
        case RowAction::mark_sent:
            outbox.mark_sent(row.id, ts, now);
            log::info("outbox.sent",
                      {{"id", id}, {"method", row.method}, {"channel", row.channel}, {"ts", ts}});
            return;
        case RowAction::retry_at:
            outbox.mark_retry(row.id, decision.at_ms, decision.reason);
            log::warn("outbox.retry", {{"id", id},
                                       {"method", row.method},
                                       {"error", decision.reason},
                                       {"attempt", std::to_string(row.attempts)},
                                       {"retry_in_ms", std::to_string(decision.at_ms - now)}});
            return;
        case RowAction::give_up:
            outbox.mark_failed(row.id, decision.reason);
            log::error("outbox.failed", {{"id", id},
                                         {"method", row.method},
                                         {"channel", row.channel},
                                         {"error", decision.reason},
                                         {"hint", "the message will not be retried"}});
            return;
        case RowAction::pause_channel: {
            outbox.mark_failed(row.id, decision.reason);
            const std::string reason =
                std::string("removed the bot (Slack answered ").append(decision.reason).append(")");
            const std::string channel = conversation_of(row);
            commands::pause_channel(db, {channel, reason, "slack", now});
            log::warn("channel.paused",
                      {{"channel", channel},
                       {"reason", reason},
                       {"next",
                        "nothing is posted there until the bot is re-invited or an "
                        "admin runs /ritual join; its queued messages are marked "
                        "failed"}});
            return;
        }
    }
}

asio::awaitable<void> OutboxSender::Impl::send(storage::OutboxRow listed) {
    const std::optional<storage::OutboxRow> claimed =
        co_await on_database_side(calls, "outbox.claim", [this, &listed](storage::Database&) {
            std::optional<storage::OutboxRow> row;
            storage::Outbox outbox(db);
            under_lease(listed.channel, [&] { row = outbox.claim(listed); });
            return row;
        });
    if (!claimed) {
        // Decisions are named, not temporaries of the co_await expression (g++ 12, see
        // connectors/poller.cpp).
        const RowDecision decision = policy.on(RowEvent::claim_lost, {}, wall_clock_ms());
        co_await perform(listed, decision);
        co_return;
    }
    const storage::OutboxRow& row = *claimed;
    nlohmann::json args = nlohmann::json::parse(row.payload, nullptr, false);
    if (args.is_discarded() || !args.is_object()) {
        const RowDecision decision = policy.on(
            RowEvent::corrupt_payload, {row.channel, row.method, row.attempts}, wall_clock_ms());
        co_await perform(row, decision);
        co_return;
    }
    const RowFacts facts{row.channel, row.method, row.attempts, conversation_in(args, row.channel)};
    // What the database says about sending it now, in the order it is asked.
    struct Checked {
        std::optional<std::string> paused;  // the channel's pause reason
        bool target_unposted = false;       // an edit whose post has no ts
        std::string target_ts;              // the post an edit changes
        bool fenced = false;                // the channel's lease moved on
    };
    const Checked checked =
        co_await on_database_side(calls, "outbox.check", [&](storage::Database&) {
            Checked out;
            if (const auto pause = storage::ChannelPauses(db).find(facts.conversation)) {
                out.paused = pause->reason;
                return out;
            }
            if (!row.update_of.empty()) {
                // pass() let the edit go only once its post was sent or failed for good.
                const auto original = storage::Outbox(db).find_by_key(row.update_of);
                if (!original || original->posted_ts.empty()) {
                    out.target_unposted = true;
                    return out;
                }
                out.target_ts = original->posted_ts;
            }
            // The last look at the fence before a post nobody can take back: a process paused
            // since the claim finds here that the channel moved on (its new holder posts it).
            out.fenced = !leases.still_holds(lease_name(row.channel));
            return out;
        });
    if (checked.paused) {
        const RowDecision decision =
            policy.on(RowEvent::channel_paused, facts, wall_clock_ms(), {}, *checked.paused);
        co_await perform(row, decision);
        co_return;
    }
    if (checked.target_unposted) {
        const RowDecision decision = policy.on(RowEvent::target_unposted, facts, wall_clock_ms());
        co_await perform(row, decision);
        co_return;
    }
    if (checked.fenced) {
        log::warn("outbox.fenced", {{"id", std::to_string(row.id)},
                                    {"channel", row.channel},
                                    {"next", "not posted; the channel's new holder posts it"}});
        co_return;
    }
    if (row.method == "chat.postMessage") {
        args["metadata"] = {{"event_type", kOutboxMetadataType},
                            {"event_payload", {{"key", row.idempotency_key}}}};
    }
    if (!row.update_of.empty()) args["ts"] = checked.target_ts;
    ApiResult result;
    if (row.method == kResponseUrlMethod) {
        args.erase("channel");  // the row's bookkeeping, not part of the message
        result = co_await bot_api.call(row.method, std::move(args));
    } else if (row.method == kChartUploadMethod) {
        // A retry may follow a lost answer: the upload then first looks for its picture.
        result = co_await upload_chart(
            bot_api, args, row.attempts > 1 ? std::optional(row.created_at) : std::nullopt);
    } else {
        result = co_await bot_api.call(row.method, args);
    }
    std::string ts = result.body.is_object() ? result.body.value("ts", std::string()) : "";
    if (ts.empty() && result.body.is_object()) ts = result.body.value("message_ts", std::string());
    const RowDecision decision =
        policy.on(event_of(result), facts, wall_clock_ms(), result.retry_after, result.error);
    co_await perform(row, decision, ts);
}

OutboxSender::OutboxSender(asio::any_io_executor executor, DatabaseCalls& calls,
                           WebApiClient& bot_api, LeaseOptions leasing, OutboxSenderOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), calls, bot_api, options,
                                   std::move(leasing))) {}

OutboxSender::~OutboxSender() = default;

void OutboxSender::wake() {
    impl_->woken = true;
    impl_->wake_timer.cancel();
}

void OutboxSender::stop() {
    impl_->stopping = true;
    impl_->wake_timer.cancel();
}

void OutboxSender::Impl::start_send(storage::OutboxRow row) {
    ++in_flight_by_method[row.method];
    std::string method = row.method;
    asio::co_spawn(executor, send(std::move(row)),
                   [this, method = std::move(method)](std::exception_ptr error) {
                       --in_flight_by_method[method];
                       if (error && !call_failed) call_failed = error;
                       call_done.cancel();
                   });
}

std::size_t OutboxSender::Impl::calls_under_way() const {
    std::size_t calls = 0;
    for (const auto& [method, under_way] : in_flight_by_method) calls += under_way;
    return calls;
}

asio::awaitable<void> OutboxSender::Impl::calls_at_most(std::size_t calls) {
    while (calls_under_way() > calls) {
        call_done.expires_at(asio::steady_timer::time_point::max());
        co_await call_done.async_wait(kNoThrow);
    }
}

// One look at the due heads. The wait until the next look, or nullopt to look again at once.
// Every call it started has finished when it returns (or throws): a row it leaves `sending`
// is one a crash interrupted, never one still under way.
asio::awaitable<std::optional<milliseconds>> OutboxSender::Impl::pass() {
    std::int64_t now = wall_clock_ms();
    // Rows other instances commit wake nobody here: look again within a lease renewal.
    std::int64_t next_look =
        now + std::min<std::int64_t>(kIdleWaitMs, leases.renew_interval().count());
    bool sent_any = false;
    std::vector<storage::OutboxRow> heads =
        co_await on_database_side(calls, "outbox.due_heads", [this, now](storage::Database&) {
            return storage::Outbox(db).due_heads(now, kHeadsPerPass);
        });
    const std::size_t side_by_side = heads.size() > kSequentialUpTo ? kCallsInFlight : 1;
    std::map<std::string, std::size_t> waiting;  // due heads by method, for budget shares
    for (const storage::OutboxRow& row : heads) ++waiting[row.method];
    std::exception_ptr failed;
    try {
        for (storage::OutboxRow& row : heads) {
            --waiting[row.method];
            const std::int64_t free_at = policy.free_at(
                row.channel, row.method, now, waiting[row.method], in_flight_by_method[row.method]);
            if (free_at > now) {
                ++waiting[row.method];  // still waiting: its share stays kept
                next_look = std::min(next_look, free_at);
                continue;
            }
            enum class Go { send, edit_waits, not_ours };
            const Go go = co_await on_database_side(calls, "outbox.hold", [&](storage::Database&) {
                storage::Outbox outbox(db);
                if (!row.update_of.empty() && !posted_or_given_up(outbox, row.update_of))
                    return Go::edit_waits;
                return leases.hold(lease_name(row.channel), now).lease ? Go::send : Go::not_ours;
            });
            if (go == Go::edit_waits) {
                // Edits have their own lane: the post may still be queued in its channel's (or
                // under way in this pass). The edit is left unclaimed, so a newer one still
                // replaces it.
                const RowDecision later = policy.on(RowEvent::target_unsent,
                                                    {row.channel, row.method, row.attempts}, now);
                next_look = std::min(next_look, later.at_ms);
                continue;
            }
            if (go == Go::not_ours) continue;  // another instance's channel
            start_send(std::move(row));
            sent_any = true;
            co_await calls_at_most(side_by_side - 1);
            if (stopping || call_failed) break;
            now = wall_clock_ms();
        }
    } catch (...) {
        failed = std::current_exception();  // rethrown once the calls under way are done
    }
    co_await calls_at_most(0);
    if (!failed) failed = call_failed;
    call_failed = nullptr;
    if (failed) std::rethrow_exception(failed);
    if (stopping) co_return milliseconds(0);
    if (sent_any) co_return std::nullopt;  // heads changed: look again at once
    // Due heads were all looked at above (sent, or waiting for their channel or method);
    // only a later retry time can shorten the wait.
    const auto next_due = [this](storage::Database&) { return storage::Outbox(db).next_due_at(); };
    const auto due = co_await on_database_side(calls, "outbox.next_due", next_due);
    if (due && *due > now) next_look = std::min(next_look, *due);
    co_return milliseconds(std::max<std::int64_t>(next_look - now, 0));
}

asio::awaitable<void> OutboxSender::run() {
    std::shared_ptr<Impl> self = impl_;  // keeps the state alive for the whole coroutine
    while (!self->stopping) {
        std::optional<milliseconds> wait;
        bool failed = false;
        self->woken = false;  // a wake from here on may bring rows this pass does not list
        try {
            // Now and then, not only at start: another instance's channels come to this one
            // when it dies, with the rows it was sending.
            if (std::chrono::steady_clock::now() >= self->next_doubt_sweep) {
                co_await self->recover_in_doubt();
                self->next_doubt_sweep =
                    std::chrono::steady_clock::now() + self->leases.renew_interval();
            }
            wait = co_await self->pass();
            self->failures.reset();
        } catch (const std::exception& e) {
            // A busy or failing database: nothing was lost (each row's state is in the table),
            // so look again after a backoff instead of stopping the bot. A row it left in
            // `sending` is in doubt, like after a crash.
            self->next_doubt_sweep = {};
            failed = true;
            wait = self->failures.next();
            log::error("outbox.pass_failed",
                       {{"error", e.what()},
                        {"next", "retrying in " + std::to_string(wait->count()) + " ms"}});
        }
        if (!wait || (self->woken && !failed)) continue;  // a failure keeps its backoff
        self->wake_timer.expires_after(*wait);
        co_await self->wake_timer.async_wait(kNoThrow);
    }
    // Nothing is being sent any more: the other instances may take these channels at once.
    // Named, not a temporary of the co_await expression (g++ 12, see connectors/poller.cpp).
    const auto release = [self](storage::Database&) { self->leases.release_all(); };
    co_await on_database_side(self->calls, "outbox.release_leases", release);
}

}  // namespace ritualbot::bot::slack
