// Emulator's public methods that need no socket: configuration, envelope builders and
// observation. They only touch Emulator::State; the sending half lives in fake_slack.cpp.

#include "emulator/emulator_state.hpp"

#include <algorithm>

namespace ritualbot::emulator {

using json = nlohmann::json;

int Emulator::port() const {
    return state_->port();
}
std::string Emulator::api_url() const {
    return "https://127.0.0.1:" + std::to_string(port()) + "/api/";
}
int Emulator::page_port() const {
    std::lock_guard lock(state_->mutex);
    return state_->page_port;
}
std::string Emulator::ca_file() const {
    return state_->ca_file;
}
void Emulator::set_scopes(std::string comma_list) {
    state_->set_scopes(std::move(comma_list));
}
void Emulator::remove_bot(const std::string& channel) {
    std::lock_guard lock(state_->mutex);
    state_->bot_removed.insert(channel);
}
std::string Emulator::invite_bot(const std::string& channel) {
    {
        std::lock_guard lock(state_->mutex);
        state_->bot_removed.erase(channel);
    }
    return push_event({{"type", "member_joined_channel"},
                       {"user", kBotUserId},
                       {"channel", channel},
                       {"channel_type", "C"},
                       {"team", "T0FAKE"}},
                      std::string("Ev").append(state_->make_id()));
}
nlohmann::json Emulator::upload_file(const std::string& name, std::string content,
                                     const std::string& filetype, const std::string& user) {
    return state_->add_file(name, std::move(content), filetype, user);
}

void Emulator::fail_next(const std::string& method, FailureSpec failure) {
    state_->fail_next(method, std::move(failure));
}
void Emulator::delay_next(const std::string& method, std::chrono::milliseconds delay, int count) {
    state_->delay_next(method, delay, count);
}

std::string Emulator::push_slash_command(const std::string& command, const std::string& text,
                                         const std::string& channel, const std::string& user) {
    json envelope;
    {
        std::lock_guard lock(state_->mutex);
        envelope = state_->slash_command_envelope(command, text, channel, user);
    }
    return push_envelope(std::move(envelope), -1);
}

std::string Emulator::push_event(json inner_event, const std::string& event_id, int retry_attempt,
                                 const std::string& envelope_id) {
    json envelope = state_->event_envelope(std::move(inner_event), event_id, retry_attempt);
    if (!envelope_id.empty()) envelope["envelope_id"] = envelope_id;
    return push_envelope(std::move(envelope), -1);
}

std::optional<Ack> Emulator::wait_for_ack(const std::string& envelope_id,
                                          std::chrono::milliseconds timeout) {
    std::unique_lock lock(state_->mutex);
    std::optional<Ack> found;
    state_->changed.wait_for(lock, timeout, [&] {
        const auto positions = state_->ack_positions.find(envelope_id);
        if (positions == state_->ack_positions.end()) return false;
        found = state_->acks[positions->second.front()];
        return true;
    });
    return found;
}

std::vector<Ack> Emulator::acks() const {
    std::lock_guard lock(state_->mutex);
    return state_->acks;
}

std::vector<Ack> Emulator::acks_for(const std::string& envelope_id) const {
    std::vector<Ack> out;
    std::lock_guard lock(state_->mutex);
    if (const auto positions = state_->ack_positions.find(envelope_id);
        positions != state_->ack_positions.end()) {
        for (const std::size_t position : positions->second) out.push_back(state_->acks[position]);
    }
    return out;
}

bool Emulator::wait_for_calls(const std::string& method, std::size_t count,
                              std::chrono::milliseconds timeout) {
    std::unique_lock lock(state_->mutex);
    return state_->changed.wait_for(lock, timeout, [&] {
        std::size_t n = 0;
        for (const auto& call : state_->calls)
            if (method.empty() || call.method == method) ++n;
        return n >= count;
    });
}

std::vector<ApiCall> Emulator::calls(const std::string& method) const {
    std::vector<ApiCall> out;
    std::lock_guard lock(state_->mutex);
    for (const auto& call : state_->calls)
        if (method.empty() || call.method == method) out.push_back(call);
    return out;
}

bool Emulator::wait_for_connections(int hellos_sent, std::chrono::milliseconds timeout) {
    std::unique_lock lock(state_->mutex);
    return state_->changed.wait_for(lock, timeout, [&] { return state_->hellos >= hellos_sent; });
}

bool Emulator::wait_for_open_connections(int count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(state_->mutex);
    return state_->changed.wait_for(lock, timeout,
                                    [&] { return static_cast<int>(state_->open.size()) == count; });
}

int Emulator::hellos_sent() const {
    std::lock_guard lock(state_->mutex);
    return state_->hellos;
}

int Emulator::tls_sessions() const {
    std::lock_guard lock(state_->mutex);
    return state_->tls_sessions;
}

int Emulator::open_connections() const {
    std::lock_guard lock(state_->mutex);
    return static_cast<int>(state_->open.size());
}

int Emulator::newest_connection() const {
    std::lock_guard lock(state_->mutex);
    return state_->open.empty() ? -1 : *state_->open.rbegin();
}

std::vector<ConnectionInfo> Emulator::connections() const {
    std::vector<ConnectionInfo> out;
    std::lock_guard lock(state_->mutex);
    for (const auto& [index, record] : state_->connection_log) out.push_back(record.info);
    return out;
}

bool Emulator::connection_opened_before_closed(int opened, int closed) const {
    std::lock_guard lock(state_->mutex);
    const auto o = state_->connection_log.find(opened);
    const auto c = state_->connection_log.find(closed);
    if (o == state_->connection_log.end() || c == state_->connection_log.end()) return false;
    return c->second.closed_seq == 0 || o->second.opened_seq < c->second.closed_seq;
}

std::vector<std::string> Emulator::pending_envelopes() const {
    std::vector<std::string> out;
    std::lock_guard lock(state_->mutex);
    for (const auto& record : state_->envelopes)
        if (!record.acked) out.push_back(record.id);
    return out;
}

std::vector<std::string> Emulator::late_acks() const {
    std::vector<std::string> out;
    std::lock_guard lock(state_->mutex);
    for (const Ack& ack : state_->acks)
        if (ack.acked_at - ack.pushed_at > kAckWindow) out.push_back(ack.envelope_id);
    return out;
}

std::vector<RejectedFrame> Emulator::rejected_frames() const {
    std::lock_guard lock(state_->mutex);
    return state_->rejected;
}

int Emulator::rate_limited_calls() const {
    std::lock_guard lock(state_->mutex);
    return state_->rate_limited_calls;
}

int Emulator::pings_received() const {
    std::lock_guard lock(state_->mutex);
    return state_->pings;
}

int Emulator::pongs_received() const {
    std::lock_guard lock(state_->mutex);
    return state_->pongs;
}

std::vector<json> Emulator::messages(const std::string& channel) const {
    std::lock_guard lock(state_->mutex);
    auto it = state_->channel_messages.find(channel);
    return it == state_->channel_messages.end() ? std::vector<json>{} : it->second;
}

std::vector<json> Emulator::page_events(long long after_seq) const {
    std::lock_guard lock(state_->mutex);
    const auto& timeline = state_->timeline;
    const auto from = static_cast<std::size_t>(std::max(0LL, after_seq));
    if (from >= timeline.size()) return {};
    return {timeline.begin() + static_cast<std::ptrdiff_t>(from), timeline.end()};
}

std::optional<json> Emulator::wait_for_page_event(const std::function<bool(const json&)>& match,
                                                  std::chrono::milliseconds timeout,
                                                  long long after_seq) {
    std::unique_lock lock(state_->mutex);
    std::optional<json> found;
    state_->changed.wait_for(lock, timeout, [&] {
        const auto& timeline = state_->timeline;
        for (auto i = static_cast<std::size_t>(std::max(0LL, after_seq)); i < timeline.size();
             ++i) {
            if (match(timeline[i])) {
                found = timeline[i];
                return true;
            }
        }
        return false;
    });
    return found;
}

}  // namespace ritualbot::emulator
