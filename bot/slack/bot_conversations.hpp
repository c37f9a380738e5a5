#pragma once
// The conversations the bot is a member of (users.conversations: public and private channels,
// DMs), so that signed ticket ingestion can refuse a channel id the bot is not in. Loaded at
// start, refreshed every few minutes and soon after a miss (the bot may just have been
// invited); when Slack is down the last answer stands. Runs on the io thread.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <optional>
#include <set>
#include <string>

namespace ritualbot::bot::slack {

class WebApiClient;

class BotConversations {
public:
    BotConversations(boost::asio::any_io_executor executor, WebApiClient& api);

    // nullopt until Slack has answered once. A miss asks for an early refresh.
    std::optional<bool> contains(const std::string& channel);

    boost::asio::awaitable<void> run();  // until stop()
    void stop();

    static constexpr std::chrono::minutes kRefreshInterval{5};
    static constexpr std::chrono::seconds kMinRefreshGap{10};

private:
    boost::asio::awaitable<void> refresh();

    WebApiClient& api_;
    boost::asio::steady_timer timer_;
    std::optional<std::set<std::string>> channels_;
    std::chrono::steady_clock::time_point last_refresh_{};
    bool stopping_ = false;
};

}  // namespace ritualbot::bot::slack
