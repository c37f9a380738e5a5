// FakeSlack's public methods that need no socket: configuration, envelope builders and
// observation. They only touch FakeSlack::State; the sending half lives in fake_slack.cpp.

#include "fake_slack_state.hpp"

namespace ritualbot::testing {

using json = nlohmann::json;

int FakeSlack::port() const {
    return state_->port();
}
std::string FakeSlack::api_url() const {
    return "https://127.0.0.1:" + std::to_string(port()) + "/api/";
}
std::string FakeSlack::ca_file() const {
    return state_->ca_file;
}
void FakeSlack::set_scopes(std::string comma_list) {
    state_->set_scopes(std::move(comma_list));
}
void FakeSlack::fail_next(const std::string& method, FailureSpec failure) {
    state_->fail_next(method, std::move(failure));
}

std::string FakeSlack::push_slash_command(const std::string& command, const std::string& text,
                                          const std::string& channel, const std::string& user) {
    const std::string envelope_id = state_->make_id();
    json payload = {{"token", "fake-verification-token"},
                    {"team_id", "T0FAKE"},
                    {"team_domain", "fakecrew"},
                    {"channel_id", channel},
                    {"channel_name", "crew"},
                    {"user_id", user},
                    {"user_name", "alice"},
                    {"command", command},
                    {"text", text},
                    {"api_app_id", kAppId},
                    {"is_enterprise_install", "false"},
                    {"response_url",
                     "https://127.0.0.1:" + std::to_string(port()) + "/response/" + envelope_id},
                    {"trigger_id", "1000.2000." + state_->make_id()}};
    return push_envelope({{"envelope_id", envelope_id},
                          {"type", "slash_commands"},
                          {"payload", payload},
                          {"accepts_response_payload", true}},
                         -1);
}

std::string FakeSlack::push_event(json inner_event, const std::string& event_id, int retry_attempt,
                                  const std::string& envelope_id) {
    json payload = {
        {"token", "fake-verification-token"},
        {"team_id", "T0FAKE"},
        {"api_app_id", kAppId},
        {"event", std::move(inner_event)},
        {"type", "event_callback"},
        {"event_id", event_id},
        {"event_time", 1700000000},
        {"authorizations",
         json::array({{{"team_id", "T0FAKE"}, {"user_id", kBotUserId}, {"is_bot", true}}})},
        {"is_ext_shared_channel", false},
        {"event_context", "4-fake-" + event_id}};
    json envelope = {{"type", "events_api"},
                     {"payload", std::move(payload)},
                     {"accepts_response_payload", false},
                     {"retry_attempt", retry_attempt},
                     {"retry_reason", retry_attempt > 0 ? "timeout" : ""}};
    if (!envelope_id.empty()) envelope["envelope_id"] = envelope_id;
    return push_envelope(std::move(envelope), -1);
}

std::optional<Ack> FakeSlack::wait_for_ack(const std::string& envelope_id,
                                           std::chrono::milliseconds timeout) {
    std::unique_lock lock(state_->mutex);
    std::optional<Ack> found;
    state_->changed.wait_for(lock, timeout, [&] {
        for (const auto& ack : state_->acks) {
            if (ack.envelope_id == envelope_id) {
                found = ack;
                return true;
            }
        }
        return false;
    });
    return found;
}

std::vector<Ack> FakeSlack::acks() const {
    std::lock_guard lock(state_->mutex);
    return state_->acks;
}

std::vector<Ack> FakeSlack::acks_for(const std::string& envelope_id) const {
    std::vector<Ack> out;
    std::lock_guard lock(state_->mutex);
    for (const auto& ack : state_->acks)
        if (ack.envelope_id == envelope_id) out.push_back(ack);
    return out;
}

bool FakeSlack::wait_for_calls(const std::string& method, std::size_t count,
                               std::chrono::milliseconds timeout) {
    std::unique_lock lock(state_->mutex);
    return state_->changed.wait_for(lock, timeout, [&] {
        std::size_t n = 0;
        for (const auto& call : state_->calls)
            if (method.empty() || call.method == method) ++n;
        return n >= count;
    });
}

std::vector<ApiCall> FakeSlack::calls(const std::string& method) const {
    std::vector<ApiCall> out;
    std::lock_guard lock(state_->mutex);
    for (const auto& call : state_->calls)
        if (method.empty() || call.method == method) out.push_back(call);
    return out;
}

bool FakeSlack::wait_for_connections(int hellos_sent, std::chrono::milliseconds timeout) {
    std::unique_lock lock(state_->mutex);
    return state_->changed.wait_for(lock, timeout, [&] { return state_->hellos >= hellos_sent; });
}

bool FakeSlack::wait_for_open_connections(int count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(state_->mutex);
    return state_->changed.wait_for(lock, timeout,
                                    [&] { return static_cast<int>(state_->open.size()) == count; });
}

int FakeSlack::hellos_sent() const {
    std::lock_guard lock(state_->mutex);
    return state_->hellos;
}

int FakeSlack::open_connections() const {
    std::lock_guard lock(state_->mutex);
    return static_cast<int>(state_->open.size());
}

int FakeSlack::newest_connection() const {
    std::lock_guard lock(state_->mutex);
    return state_->open.empty() ? -1 : *state_->open.rbegin();
}

std::vector<ConnectionInfo> FakeSlack::connections() const {
    std::vector<ConnectionInfo> out;
    std::lock_guard lock(state_->mutex);
    for (const auto& [index, record] : state_->connection_log) out.push_back(record.info);
    return out;
}

bool FakeSlack::connection_opened_before_closed(int opened, int closed) const {
    std::lock_guard lock(state_->mutex);
    const auto o = state_->connection_log.find(opened);
    const auto c = state_->connection_log.find(closed);
    if (o == state_->connection_log.end() || c == state_->connection_log.end()) return false;
    return c->second.closed_seq == 0 || o->second.opened_seq < c->second.closed_seq;
}

std::vector<std::string> FakeSlack::pending_envelopes() const {
    std::vector<std::string> out;
    std::lock_guard lock(state_->mutex);
    for (const auto& record : state_->envelopes)
        if (!record.acked) out.push_back(record.id);
    return out;
}

std::vector<RejectedFrame> FakeSlack::rejected_frames() const {
    std::lock_guard lock(state_->mutex);
    return state_->rejected;
}

int FakeSlack::pings_received() const {
    std::lock_guard lock(state_->mutex);
    return state_->pings;
}

int FakeSlack::pongs_received() const {
    std::lock_guard lock(state_->mutex);
    return state_->pongs;
}

std::vector<json> FakeSlack::messages(const std::string& channel) const {
    std::lock_guard lock(state_->mutex);
    auto it = state_->channel_messages.find(channel);
    return it == state_->channel_messages.end() ? std::vector<json>{} : it->second;
}

}  // namespace ritualbot::testing
