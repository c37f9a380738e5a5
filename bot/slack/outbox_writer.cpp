#include "bot/slack/outbox_writer.hpp"

#include "bot/runtime/wall_clock.hpp"
#include "storage/outbox.hpp"

namespace ritualbot::bot::slack {

nlohmann::json post_message_args(const commands::Post& post) {
    nlohmann::json args = {{"channel", post.channel}, {"text", post.text}};
    if (!post.thread_ts.empty()) args["thread_ts"] = post.thread_ts;
    if (!post.blocks.is_null()) args["blocks"] = post.blocks;
    if (!post.ephemeral_user.empty()) args["user"] = post.ephemeral_user;
    return args;
}

nlohmann::json response_args(const commands::Post& post, const std::string& response_url) {
    nlohmann::json args = {{"url", response_url},
                           {"channel", post.channel},
                           {"text", post.text},
                           {"response_type", "ephemeral"},
                           {"replace_original", false}};
    if (!post.blocks.is_null()) args["blocks"] = post.blocks;
    return args;
}

nlohmann::json update_args(const commands::MessageUpdate& update) {
    // "ts" is filled in by the sender from the edited post's outbox row.
    nlohmann::json args = {{"channel", update.channel}, {"text", update.text}};
    if (!update.blocks.is_null()) args["blocks"] = update.blocks;
    return args;
}

nlohmann::json usergroup_update_args(const commands::UsergroupUpdate& update) {
    std::string users;
    for (const std::string& user : update.users) users += (users.empty() ? "" : ",") + user;
    return {{"usergroup", update.usergroup}, {"users", users}};
}

nlohmann::json chart_share_args(const commands::ChartShare& share) {
    return {{"channel_id", share.channel},         {"filename", share.filename},
            {"title", share.title},                {"alt_txt", share.alt_text},
            {"initial_comment", share.initial_comment}, {"chart", share.chart}};
}

namespace {

// How a message's edits coalesce in a burst: an edit waits half a second for a newer one, and
// at most 15 s after the first change it holds (chat.update's 50 a minute then keep a dozen
// busy ballots current). Measured with the Friday storm (bench/storm_bench.cpp: 20 ballots, 900
// clicks in 10 s): without it the first half second of clicks spent the workspace's whole
// chat.update burst and the ballots' last edits waited 14 s for it to refill.
constexpr std::int64_t kEditSettleMs = 500;
constexpr std::int64_t kEditSettleCapMs = 15'000;

// Text is checked for UTF-8 where it enters; text stored before that check could still hold a
// stray byte, which becomes U+FFFD here instead of an exception that would stop the ritual.
std::string payload_text(const nlohmann::json& args) {
    return args.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::size_t enqueue_effects(storage::Database& db, const commands::Effects& effects,
                            const std::string& key_prefix, const Responder& responder) {
    storage::Outbox outbox(db);
    const std::int64_t now_ms = wall_clock_ms();
    std::size_t n = 0;
    std::size_t added = 0;
    for (const commands::Post& post : effects.posts) {
        const std::string key = post.key.empty() ? key_prefix + ":" + std::to_string(n) : post.key;
        ++n;
        if (!responder.response_url.empty() && post.ephemeral_user == responder.user &&
            post.channel == responder.channel && post.thread_ts.empty()) {
            added +=
                outbox.enqueue({"respond:" + post.ephemeral_user, kResponseUrlMethod,
                                payload_text(response_args(post, responder.response_url)), key},
                               now_ms);
            continue;
        }
        added += outbox.enqueue(
            {post.channel, post.ephemeral_user.empty() ? "chat.postMessage" : "chat.postEphemeral",
             payload_text(post_message_args(post)), key},
            now_ms);
    }
    for (const commands::ChartShare& share : effects.chart_shares) {
        const std::string key = share.key.empty() ? key_prefix + ":" + std::to_string(n) : share.key;
        ++n;
        added += outbox.enqueue(
            {share.channel, kChartUploadMethod, payload_text(chart_share_args(share)), key}, now_ms);
    }
    for (const commands::MessageUpdate& update : effects.updates) {
        // The sender holds an edit back until its post is sent. chat.update has 50 calls a
        // minute for the whole workspace (Tier 3): a ballot clicked on without pause is edited
        // every few seconds, keeping calls for every ballot's last edit (storage/outbox.hpp).
        added += outbox.enqueue({.channel = "edit:" + update.channel,
                                 .method = "chat.update",
                                 .payload = payload_text(update_args(update)),
                                 .idempotency_key = key_prefix + ":" + std::to_string(n++),
                                 .update_of = update.post_key,
                                 .settle_ms = kEditSettleMs,
                                 .settle_cap_ms = kEditSettleCapMs},
                                now_ms);
    }
    for (const commands::ModalOpen& modal : effects.modals) {
        // Its own queue: a trigger_id expires after 3 s, so a modal never waits behind posts.
        added += outbox.enqueue(
            {"modal:" + modal.trigger_id, "views.open",
             payload_text({{"trigger_id", modal.trigger_id}, {"view", modal.view}}),
             key_prefix + ":" + std::to_string(n++)},
            now_ms);
    }
    for (const commands::UsergroupUpdate& update : effects.usergroup_updates) {
        // Queued under the group's id: updates of one group stay in order among themselves.
        added += outbox.enqueue(
            {update.usergroup, "usergroups.users.update", payload_text(usergroup_update_args(update)),
             key_prefix + ":" + std::to_string(n++)},
            now_ms);
    }
    for (const commands::HomeTab& home : effects.home_tabs) {
        // Queued per person: their tab's publishes stay in order, the newest last.
        added += outbox.enqueue({"home:" + home.user, "views.publish",
                                 payload_text({{"user_id", home.user}, {"view", home.view}}),
                                 key_prefix + ":" + std::to_string(n++)},
                                now_ms);
    }
    return added;
}

}  // namespace ritualbot::bot::slack
