#include "bot/slack/reconnect_policy.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace ritualbot::bot::slack {

using std::chrono::milliseconds;

Backoff::Backoff(milliseconds base, milliseconds cap, Random random)
    : base_(base), cap_(cap), random_(std::move(random)) {}

milliseconds Backoff::next() {
    return delay_for(attempt_++);
}

milliseconds Backoff::delay_for(int attempt) const {
    // Doubling stops mattering long before 2^20; clamping the exponent avoids overflow.
    const double exp = std::pow(2.0, std::clamp(attempt, 0, 20));
    const double ceiling = std::min(static_cast<double>(cap_.count()), base_.count() * exp);
    const double factor = 0.5 + 0.5 * std::clamp(random_(), 0.0, 1.0);
    return milliseconds(static_cast<milliseconds::rep>(ceiling * factor));
}

bool is_token_error(const std::string& slack_error) {
    static constexpr std::array<std::string_view, 7> kFatal = {
        "invalid_auth",  "not_authed",   "account_inactive", "token_revoked",
        "user_removed_from_team", "team_disabled", "not_allowed_token_type"};
    return std::find(kFatal.begin(), kFatal.end(), slack_error) != kFatal.end();
}

ReconnectPolicy::ReconnectPolicy(Backoff backoff) : backoff_(std::move(backoff)) {}

void ReconnectPolicy::served(milliseconds up, int envelopes) {
    if (up >= kHealthyUptime || envelopes > 0) backoff_.reset();
}

Decision ReconnectPolicy::failure(std::string reason) {
    const milliseconds delay = backoff_.next();
    return {NextStep::reconnect_after, delay, std::move(reason)};
}

Decision ReconnectPolicy::on(LinkEvent event, const std::string& detail,
                             std::optional<std::chrono::seconds> retry_after) {
    switch (event) {
        case LinkEvent::hello:
            return {NextStep::keep_going, milliseconds(0), "connected"};

        case LinkEvent::disconnect:
            if (detail == "refresh_requested" || detail == "warning") {
                return {NextStep::open_new_first, milliseconds(0),
                        "Slack is recycling the connection; opening a replacement first"};
            }
            if (detail == "link_disabled") {
                return {NextStep::stop, milliseconds(0),
                        "Socket Mode is turned off for this app (link_disabled): turn it on "
                        "under Settings > Socket Mode at api.slack.com/apps, then restart"};
            }
            if (detail == "too_many_websockets") {
                backoff_.next();
                return {NextStep::reconnect_after, kTooManyWebsocketsPause,
                        "Slack refused another socket (too_many_websockets): is a second "
                        "ritualbot running with the same app token? pausing before reconnect"};
            }
            return {NextStep::open_new_first, milliseconds(0),
                    "disconnect (" + detail + "); opening a replacement"};

        case LinkEvent::open_failed:
            if (is_token_error(detail)) {
                return {NextStep::stop, milliseconds(0),
                        "apps.connections.open refused SLACK_APP_TOKEN (" + detail +
                            "): create an App-Level Token with connections:write under Basic "
                            "Information and set SLACK_APP_TOKEN"};
            }
            if (detail == "ratelimited") {
                backoff_.next();
                return {NextStep::reconnect_after, retry_after.value_or(kDefaultRateLimitPause),
                        "apps.connections.open is rate limited; waiting as Slack asked"};
            }
            return failure("apps.connections.open failed (" + detail + ")");

        case LinkEvent::dial_failed:
            return failure("could not open the websocket (" + detail + ")");

        case LinkEvent::closed:
            // The first loss of a healthy connection (see served) is usually a one-off (a proxy,
            // a deploy on Slack's side): reconnect at once. Losing it again before the next
            // healthy one backs off.
            if (backoff_.attempts() == 0) {
                backoff_.next();
                return {NextStep::reconnect_after, milliseconds(0),
                        "connection lost (" + detail + "); reconnecting at once"};
            }
            return failure("connection lost (" + detail + ")");
    }
    return failure("unexpected event");
}

}  // namespace ritualbot::bot::slack
