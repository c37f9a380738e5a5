#pragma once
// Drains the outbox table into the Web API: in order per channel, at most one post or edit per
// second per channel, waiting out 429s per method, retrying transient failures with backoff
// and giving up (state `failed`, logged) on errors a retry cannot fix; those decisions are
// OutboxPolicy's (outbox_policy.hpp), this coroutine only performs them. A row is claimed
// (re-checked and marked `sending`) just before its call: one that vanished or changed since
// it was listed, e.g. a never-tried edit superseded by a newer one during a slow call, is
// skipped. After a crash the rows left in `sending` are checked against the channel's history
// (each post carries its idempotency key as message metadata) and only re-posted when Slack
// does not have them. Several instances on one database: a channel's rows are sent only by
// the instance holding the lease "outbox:<channel>" (LeaseKeeper), and every claim and mark
// checks that lease in its transaction, so an instance paused past its lease posts and marks
// nothing more there; rows in `sending` of a channel taken over are in doubt, as after a
// crash. So Slack's one post per second per channel holds across instances. Runs on the io
// thread; its database work goes through DatabaseCalls (on PostgreSQL, never on the io thread).

#include "bot/runtime/lease_keeper.hpp"
#include "bot/slack/outbox_policy.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>

namespace ritualbot::bot {
class DatabaseCalls;
}

namespace ritualbot::bot::slack {

class WebApiClient;

class OutboxSender {
public:
    OutboxSender(boost::asio::any_io_executor executor, DatabaseCalls& calls, WebApiClient& bot_api,
                 LeaseOptions leasing, OutboxSenderOptions options = {});
    ~OutboxSender();

    boost::asio::awaitable<void> run();  // until stop()
    void wake();                          // rows were committed: look again now
    void stop();

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

// Marker put in each post's metadata so a post can be recognised in the channel's history.
inline constexpr const char* kOutboxMetadataType = "ritualbot_outbox";

}  // namespace ritualbot::bot::slack
