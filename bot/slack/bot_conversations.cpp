#include "bot/slack/bot_conversations.hpp"

#include "bot/runtime/log.hpp"
#include "bot/slack/web_api_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ritualbot::bot::slack {

namespace asio = boost::asio;

BotConversations::BotConversations(asio::any_io_executor executor, WebApiClient& api)
    : api_(api), timer_(std::move(executor)) {}

std::optional<bool> BotConversations::contains(const std::string& channel) {
    if (!channels_) return std::nullopt;
    const bool member = channels_->count(channel) != 0;
    // Woken early (not at once) so a stream of bad ids cannot turn into a stream of API calls.
    if (!member && std::chrono::steady_clock::now() - last_refresh_ >= kMinRefreshGap)
        timer_.cancel();
    return member;
}

asio::awaitable<void> BotConversations::run() {
    while (!stopping_) {
        co_await refresh();
        // stop() may have come while the refresh was in flight: a timer armed after it would
        // keep io.run() (and the bot) from ever ending.
        if (stopping_) break;
        timer_.expires_after(kRefreshInterval);
        co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
        if (!stopping_ && std::chrono::steady_clock::now() - last_refresh_ < kMinRefreshGap) {
            timer_.expires_after(kMinRefreshGap);
            co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
        }
    }
}

void BotConversations::stop() {
    stopping_ = true;
    timer_.cancel();
}

asio::awaitable<void> BotConversations::refresh() {
    last_refresh_ = std::chrono::steady_clock::now();
    nlohmann::json args = {
        {"types", "public_channel,private_channel,im"}, {"exclude_archived", true}, {"limit", 200}};
    const ApiResult result =
        co_await api_.paginate("users.conversations", std::move(args), "channels");
    if (!result.ok()) {
        const std::string next = channels_ ? "keeping the last answer" : "ticket ingestion waits";
        log::warn("bot.conversations_failed", {{"error", result.error}, {"next", next}});
        co_return;
    }
    std::set<std::string> channels;
    for (const auto& channel : result.body["channels"])
        if (channel.is_object()) channels.insert(channel.value("id", ""));
    channels.erase("");
    if (!channels_ || channels_->size() != channels.size())
        log::info("bot.conversations", {{"count", std::to_string(channels.size())}});
    channels_ = std::move(channels);
}

}  // namespace ritualbot::bot::slack
