#include "bot/slack/outbox_policy.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace ritualbot::bot::slack {

OutboxPolicy::OutboxPolicy(OutboxSenderOptions options, Backoff::Random random)
    : options_(options), backoff_(options.retry_base, options.retry_cap, std::move(random)) {}

namespace {

constexpr MethodBudget kUpdateBudget{50, 50};
constexpr MethodBudget kEphemeralBudget{100, 100};

}  // namespace

const MethodBudget* budget_of(const std::string& method) {
    if (method == "chat.update") return &kUpdateBudget;
    if (method == "chat.postEphemeral") return &kEphemeralBudget;
    return nullptr;
}

double OutboxPolicy::tokens_at(const std::string& method, const MethodBudget& budget,
                               std::int64_t now_ms) const {
    const auto it = budgets_.find(method);
    if (it == budgets_.end()) return budget.burst;
    const double refilled =
        static_cast<double>(std::max<std::int64_t>(now_ms - it->second.at_ms, 0)) *
        budget.per_minute / 60'000.0;
    return std::min(budget.burst, it->second.tokens + refilled);
}

std::int64_t OutboxPolicy::free_at(const std::string& lane, const std::string& method,
                                   std::int64_t now_ms, std::size_t others_waiting,
                                   std::size_t in_flight) const {
    std::int64_t at = 0;
    if (const auto l = lane_free_at_.find(lane); l != lane_free_at_.end()) at = l->second;
    if (const auto m = method_free_at_.find(method); m != method_free_at_.end())
        at = std::max(at, m->second);
    if (const MethodBudget* budget = budget_of(method)) {
        const double needed = 1.0 + static_cast<double>(in_flight) +
                              std::min(static_cast<double>(others_waiting), budget->burst - 1.0);
        const double have = tokens_at(method, *budget, now_ms);
        if (have < needed) {
            const double wait_ms = (needed - have) * 60'000.0 / budget->per_minute;
            at = std::max(at, now_ms + static_cast<std::int64_t>(std::ceil(wait_ms)));
        }
    }
    return at;
}

void OutboxPolicy::called(const RowFacts& row, std::int64_t now_ms) {
    // Slack's one-per-second-per-channel limit is about posting. Edits and ephemeral answers
    // have lanes of their own and draw on their method's budget instead.
    if (row.method == "chat.postMessage")
        lane_free_at_[row.lane] = now_ms + options_.per_channel_interval.count();
    if (const MethodBudget* budget = budget_of(row.method)) {
        // Read before budgets_[] makes an empty bucket to assign to.
        const double left = tokens_at(row.method, *budget, now_ms) - 1.0;
        budgets_[row.method] = {left, now_ms};
    }
}

RowDecision OutboxPolicy::retry_or_give_up(const RowFacts& row, std::int64_t now_ms,
                                           const std::string& detail) {
    if (row.attempts >= options_.max_attempts) {
        return {RowAction::give_up, 0,
                detail + " (gave up after " + std::to_string(row.attempts) + " attempts)"};
    }
    return {RowAction::retry_at, now_ms + backoff_.delay_for(row.attempts).count(), detail};
}

RowDecision OutboxPolicy::on(RowEvent event, const RowFacts& row, std::int64_t now_ms,
                             std::optional<std::chrono::seconds> retry_after,
                             const std::string& detail) {
    switch (event) {
        case RowEvent::claim_lost:
            return {RowAction::skip, 0, "superseded or taken before it was claimed"};
        case RowEvent::corrupt_payload:
            return {RowAction::give_up, 0, "payload is not a JSON object"};
        case RowEvent::target_unposted:
            return {RowAction::give_up, 0, "the message to update was never posted"};
        case RowEvent::target_unsent:
            // Waiting for the post is not the edit failing: it never counts towards giving up.
            return {RowAction::retry_at, now_ms + options_.per_channel_interval.count(),
                    "the message to update is not posted yet"};
        case RowEvent::channel_paused:
            return {RowAction::give_up, 0, "not sent: the channel " + detail};
        case RowEvent::sent:
            called(row, now_ms);
            return {RowAction::mark_sent, 0, "sent"};
        case RowEvent::rate_limited: {
            called(row, now_ms);
            const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
                retry_after.value_or(kDefaultRateLimitPause));
            method_free_at_[row.method] = now_ms + wait.count();
            // A 429 is Slack pacing us, not the row failing: it never counts towards giving up.
            return {RowAction::retry_at, now_ms + wait.count(),
                    detail.empty() ? "ratelimited" : detail};
        }
        case RowEvent::transient:
        case RowEvent::auth:
            called(row, now_ms);
            return retry_or_give_up(row, now_ms, detail);
        case RowEvent::refused:
            called(row, now_ms);
            // A DM or a user group is not a channel that can leave the rituals.
            if (const std::string& channel = row.conversation.empty() ? row.lane : row.conversation;
                means_bot_removed(detail) && !channel.empty() &&
                (channel[0] == 'C' || channel[0] == 'G'))
                return {RowAction::pause_channel, 0, detail};
            return {RowAction::give_up, 0, detail};
    }
    return {RowAction::give_up, 0, "unexpected event"};
}

bool means_bot_removed(const std::string& error) {
    return error == "not_in_channel" || error == "channel_not_found" || error == "is_archived";
}

bool can_look_up_in_history(const std::string& channel, const std::string& method) {
    return method == "chat.postMessage" && !channel.empty() &&
           (channel[0] == 'C' || channel[0] == 'G' || channel[0] == 'D');
}

std::string outbox_key_of(const nlohmann::json& message) {
    const nlohmann::json::json_pointer at("/metadata/event_payload/key");
    if (!message.is_object() || !message.contains(at)) return {};
    const nlohmann::json& key = message.at(at);
    return key.is_string() ? key.get<std::string>() : std::string();
}

}  // namespace ritualbot::bot::slack
