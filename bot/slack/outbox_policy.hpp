#pragma once
// The outbox sender's decisions — when a row may be called, what to record after the call,
// when to give up — as a small state machine with no sockets and no database in it (the
// coroutine in outbox_sender.cpp only performs the actions it returns). Unit-tested by tables
// of events and expected actions. Times are wall-clock unix milliseconds.
// Not thread-safe; one per sender, on the io thread.

#include "bot/slack/reconnect_policy.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace ritualbot::bot::slack {

// A method's share of Slack's per-workspace limit (its tier), as a token bucket the sender
// keeps to: `burst` calls at once after a quiet spell, refilled at `per_minute`. The same
// shapes the emulator enforces (emulator/rate_limits.hpp).
struct MethodBudget {
    double per_minute = 0;
    double burst = 0;
};
// chat.update (Tier 3, 50 a minute) and chat.postEphemeral (Tier 4, 100 a minute); nullptr for
// a method paced otherwise (chat.postMessage per channel) or only by Slack's 429s.
const MethodBudget* budget_of(const std::string& method);

struct OutboxSenderOptions {
    std::chrono::milliseconds per_channel_interval{1000};
    std::chrono::milliseconds retry_base{1000};
    std::chrono::milliseconds retry_cap{300'000};
    int max_attempts = 30;  // about two hours of transient failures
};

// What happened to one row, as the sender saw it.
enum class RowEvent {
    claim_lost,       // when claimed, the row was gone or no longer as listed (a newer edit
                      // superseded it, or another instance took it)
    corrupt_payload,  // its payload is not a JSON object
    target_unposted,  // an edit whose post was never posted (it failed for good)
    target_unsent,    // an edit whose post is still queued (edits have their own lane)
    channel_paused,   // its channel has left the rituals (detail = why)
    sent,             // Slack accepted the call
    rate_limited,     // HTTP 429; `retry_after` as Slack asked
    transient,        // network failure, timeout, 5xx, Slack's internal_error
    auth,             // the token was refused (may be a passing glitch on Slack's side)
    refused,          // Slack said no for a reason a retry cannot fix (detail = its error)
};

enum class RowAction {
    skip,       // leave the row alone: it is not ours any more (a debug line, nothing else)
    mark_sent,  // record it sent
    retry_at,   // back to pending, due again at `at_ms`
    give_up,    // record it failed for good; the channel's next row goes on
    // record it failed and pause its channel: the bot is not in it (any more), so every
    // later post there would fail the same way
    pause_channel,
};

struct RowDecision {
    RowAction action = RowAction::skip;
    std::int64_t at_ms = 0;  // retry_at only
    std::string reason;      // for the row's last_error and one log line
};

struct RowFacts {
    std::string lane;  // the outbox queue: a channel's posts, "edit:C1", "respond:U1", …
    std::string method;
    int attempts = 0;            // calls made so far, this one included
    std::string conversation{};  // the Slack channel it goes to, when not the lane itself
};

class OutboxPolicy {
public:
    OutboxPolicy(OutboxSenderOptions options, Backoff::Random random);

    // The earliest time a row of `method` in `lane` may be called: the lane's pacing (one post
    // per interval in a channel), the method's wait after a 429, and its budget. A budgeted
    // call keeps one call of the budget for each of `others_waiting` other lanes with a row of
    // the same method due (at most the burst less one): every busy ballot gets its share, so
    // when a storm of clicks ends each one's newest edit goes out at once, not one a second.
    // `in_flight` calls of the method are under way and not answered yet (on() charges a call
    // when its answer comes): each holds one call of the budget, so calls made side by side
    // never overdraw it.
    std::int64_t free_at(const std::string& lane, const std::string& method, std::int64_t now_ms,
                         std::size_t others_waiting = 0, std::size_t in_flight = 0) const;

    RowDecision on(RowEvent event, const RowFacts& row, std::int64_t now_ms,
                   std::optional<std::chrono::seconds> retry_after = std::nullopt,
                   const std::string& detail = {});

    static constexpr std::chrono::seconds kDefaultRateLimitPause{30};

private:
    void called(const RowFacts& row, std::int64_t now_ms);
    RowDecision retry_or_give_up(const RowFacts& row, std::int64_t now_ms,
                                 const std::string& detail);

    OutboxSenderOptions options_;
    Backoff backoff_;
    struct Bucket {
        double tokens = 0;
        std::int64_t at_ms = 0;
    };
    double tokens_at(const std::string& method, const MethodBudget& budget,
                     std::int64_t now_ms) const;

    std::map<std::string, std::int64_t> lane_free_at_;
    std::map<std::string, std::int64_t> method_free_at_;
    std::map<std::string, Bucket> budgets_;  // by method, once it was called
};

// After a crash, a row left `sending` is looked for in its channel's history. Only a post to a
// conversation can be found there: not an ephemeral reply, a modal, a user group update, nor a
// DM addressed by user id (those are sent again).
bool can_look_up_in_history(const std::string& channel, const std::string& method);

// Slack's answers meaning the bot cannot post in a channel until someone acts (re-invites it,
// unarchives the channel): not_in_channel, channel_not_found, is_archived.
bool means_bot_removed(const std::string& error);

// The outbox key in a history message's metadata; empty when it has none. Any app can put any
// metadata on its messages, so any shape is accepted and only a string key counts.
std::string outbox_key_of(const nlohmann::json& message);

}  // namespace ritualbot::bot::slack
