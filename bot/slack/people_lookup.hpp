#pragma once
// Asks Slack (users.info, usergroups.users.list, and auth.test for the bot's own team) for what
// a command will need and has no fresh answer in the PeopleCache, and waits for the answers at
// most until a deadline, so the command is still acked within Slack's 3 s. A look-up that
// outlives its deadline still lands in the cache when Slack answers; one already under way is
// not asked twice. Runs on the io thread.

#include "bot/slack/people_wanted.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <set>
#include <string>
#include <vector>

namespace ritualbot::bot::slack {

class PeopleCache;
class WebApiClient;
struct ApiResult;

class PeopleLookup {
public:
    // How long a command waits for Slack before it runs on the last known answers.
    static constexpr std::chrono::milliseconds kWait{1500};

    PeopleLookup(boost::asio::any_io_executor executor, WebApiClient& api, PeopleCache& cache);

    // Returns once every id in `wanted` was answered (or failed), or at `deadline`.
    boost::asio::awaitable<void> refresh(Wanted wanted,
                                         std::chrono::steady_clock::time_point deadline);

private:
    struct Waiter;
    boost::asio::awaitable<void> fetch(std::string id);
    boost::asio::awaitable<void> fetch_team();
    void record(const std::string& id, const ApiResult& result);
    void start(const std::string& id);
    void wake_waiters();

    boost::asio::any_io_executor executor_;
    WebApiClient& api_;
    PeopleCache& cache_;
    std::set<std::string> in_flight_;
    std::vector<Waiter*> waiters_;
};

}  // namespace ritualbot::bot::slack
