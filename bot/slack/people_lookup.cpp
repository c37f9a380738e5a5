#include "bot/slack/people_lookup.hpp"

#include "bot/runtime/log.hpp"
#include "bot/slack/people_cache.hpp"
#include "bot/slack/web_api_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace ritualbot::bot::slack {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct PeopleLookup::Waiter {
    explicit Waiter(const asio::any_io_executor& executor) : timer(executor) {}
    asio::steady_timer timer;
};

PeopleLookup::PeopleLookup(asio::any_io_executor executor, WebApiClient& api, PeopleCache& cache)
    : executor_(std::move(executor)), api_(api), cache_(cache) {}

void PeopleLookup::wake_waiters() {
    for (Waiter* waiter : waiters_) waiter->timer.cancel();
}

void PeopleLookup::start(const std::string& id) {
    if (!in_flight_.insert(id).second) return;
    asio::co_spawn(executor_, fetch(id), asio::detached);
}

asio::awaitable<void> PeopleLookup::fetch_team() {
    const ApiResult identity = co_await api_.call("auth.test", {});
    if (identity.ok()) cache_.set_bot_team(identity.body.value("team_id", std::string()));
}

// User ids start with U or W, user group ids with S.
asio::awaitable<void> PeopleLookup::fetch(std::string id) {
    const bool usergroup = id.front() == 'S';
    if (!usergroup && cache_.bot_team().empty()) co_await fetch_team();
    nlohmann::json args = nlohmann::json::object();
    args[usergroup ? "usergroup" : "user"] = id;
    const ApiResult result =
        co_await api_.call(usergroup ? "usergroups.users.list" : "users.info", std::move(args));
    record(id, result);
    in_flight_.erase(id);
    wake_waiters();
}

void PeopleLookup::record(const std::string& id, const ApiResult& result) {
    const bool usergroup = id.front() == 'S';
    const auto now = Clock::now();
    const auto answer = result.body.find(usergroup ? "users" : "user");
    const bool answered = result.ok() && answer != result.body.end();
    if (answered && usergroup && answer->is_array()) {
        std::vector<std::string> members;
        for (const auto& member : *answer)
            if (member.is_string()) members.push_back(member.get<std::string>());
        cache_.record_usergroup(id, std::move(members), now);
        return;
    }
    if (answered && !usergroup) {
        if (const auto member = member_from_user(*answer, cache_.bot_team())) {
            cache_.record_user(*member, now);
            return;
        }
    }
    cache_.record_failure(id, now);
    log::warn(
        "people.lookup_failed",
        {{"id", id}, {"error", result.error}, {"next", "using the last known answer, if any"}});
}

asio::awaitable<void> PeopleLookup::refresh(Wanted wanted, Clock::time_point deadline) {
    for (const std::string& user : wanted.users) start(user);
    for (const std::string& group : wanted.usergroups) start(group);
    Waiter waiter(executor_);
    waiters_.push_back(&waiter);
    const auto pending = [&] {
        const auto busy = [&](const std::string& id) { return in_flight_.contains(id); };
        return std::any_of(wanted.users.begin(), wanted.users.end(), busy) ||
               std::any_of(wanted.usergroups.begin(), wanted.usergroups.end(), busy);
    };
    while (pending() && Clock::now() < deadline) {
        waiter.timer.expires_at(deadline);
        co_await waiter.timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &waiter));
}

}  // namespace ritualbot::bot::slack
