#include "bot/slack/outbox_policy.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace ritualbot::bot::slack {

OutboxPolicy::OutboxPolicy(OutboxSenderOptions options, Backoff::Random random)
    : options_(options), backoff_(options.retry_base, options.retry_cap, std::move(random)) {}

std::int64_t OutboxPolicy::free_at(const std::string& channel, const std::string& method) const {
    std::int64_t at = 0;
    if (const auto c = channel_free_at_.find(channel); c != channel_free_at_.end()) at = c->second;
    if (const auto m = method_free_at_.find(method); m != method_free_at_.end())
        at = std::max(at, m->second);
    return at;
}

void OutboxPolicy::called(const RowFacts& row, std::int64_t now_ms) {
    // Slack's one-per-second-per-channel limit is about posting; edits share the pacing so a
    // burst of them coalesces into the newest, ephemeral replies and the rest do not wait.
    if (row.method == "chat.postMessage" || row.method == "chat.update")
        channel_free_at_[row.channel] = now_ms + options_.per_channel_interval.count();
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
            if (means_bot_removed(detail) && !row.channel.empty() &&
                (row.channel[0] == 'C' || row.channel[0] == 'G'))
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
