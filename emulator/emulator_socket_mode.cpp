// Socket Mode bookkeeping of Emulator::State: connections opening and closing, frames (acks)
// arriving, envelopes pushed and redelivered.

#include "emulator/emulator_state.hpp"

namespace ritualbot::emulator {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

int Emulator::State::on_open(std::string* hello) {
    int index;
    {
        std::lock_guard lock(mutex);
        index = next_connection_++;
        open.insert(index);
        auto& record = connection_log[index];
        record.info = {index, true, Clock::now(), {}};
        record.opened_seq = ++event_seq;
        ++hellos;
        *hello =
            json{{"type", "hello"},
                 {"num_connections", open.size()},
                 {"debug_info", {{"host", "fake-applink"}, {"approximate_connection_time", 18060}}},
                 {"connection_info", {{"app_id", kAppId}}}}
                .dump();
    }
    changed.notify_all();
    return index;
}

void Emulator::State::on_close(int connection) {
    {
        std::lock_guard lock(mutex);
        open.erase(connection);
        auto it = connection_log.find(connection);
        if (it != connection_log.end() && it->second.closed_seq == 0) {
            it->second.info.open = false;
            it->second.info.closed_at = Clock::now();
            it->second.closed_seq = ++event_seq;
        }
    }
    changed.notify_all();
}

void Emulator::State::on_frame(int connection, const std::string& text) {
    const auto now = Clock::now();
    auto reject = [&](const char* reason) {
        std::lock_guard lock(mutex);
        rejected.push_back({connection, reason, text.substr(0, 2000)});
    };
    if (text.size() >= 20480) {  // Slack drops such acks silently
        reject("too_large");
        changed.notify_all();
        return;
    }
    json frame = json::parse(text, nullptr, false);
    if (frame.is_discarded() || !frame.is_object()) {
        reject("invalid_json");
    } else if (!frame.contains("envelope_id") || !frame["envelope_id"].is_string()) {
        reject("no_envelope_id");
    } else {
        Ack ack;
        ack.envelope_id = frame["envelope_id"].get<std::string>();
        ack.payload = frame.contains("payload") ? frame["payload"] : json(nullptr);
        ack.connection = connection;
        ack.acked_at = now;
        std::lock_guard lock(mutex);
        if (auto it = envelope_index.find(ack.envelope_id); it != envelope_index.end()) {
            auto& record = envelopes[it->second];
            record.acked = true;
            ack.pushed_at = record.pushed_at;
        }
        on_ack_locked(ack);
        ack_positions[ack.envelope_id].push_back(acks.size());
        acks.push_back(std::move(ack));
    }
    changed.notify_all();
}

void Emulator::State::on_ping() {
    std::lock_guard lock(mutex);
    ++pings;
}

void Emulator::State::on_pong() {
    std::lock_guard lock(mutex);
    ++pongs;
}

void Emulator::State::mark_delivered(const std::string& envelope_id, int connection) {
    std::lock_guard lock(mutex);
    if (auto it = envelope_index.find(envelope_id); it != envelope_index.end())
        envelopes[it->second].connection = connection;
}

std::pair<std::string, std::string> Emulator::State::record_push(json envelope) {
    std::lock_guard lock(mutex);
    return record_push_locked(std::move(envelope));
}

std::pair<std::string, std::string> Emulator::State::record_push_locked(json envelope) {
    if (!envelope.contains("envelope_id") || !envelope["envelope_id"].is_string())
        envelope["envelope_id"] = make_id();
    std::string id = envelope["envelope_id"].get<std::string>();
    std::string text = envelope.dump();
    EnvelopeRecord record{id, std::move(envelope), -1, Clock::now(), false};
    if (auto it = envelope_index.find(id); it != envelope_index.end()) {
        envelopes[it->second] = std::move(record);  // a deliberate repeat needs a new ack
    } else {
        envelope_index[id] = envelopes.size();
        envelopes.push_back(std::move(record));
    }
    return {id, text};
}

std::vector<std::pair<std::string, std::string>> Emulator::State::prepare_redelivery() {
    std::vector<std::pair<std::string, std::string>> out;
    std::lock_guard lock(mutex);
    for (auto& record : envelopes) {
        if (record.acked) continue;
        if (record.envelope.value("type", "") == "events_api") {
            record.envelope["retry_attempt"] = record.envelope.value("retry_attempt", 0) + 1;
            record.envelope["retry_reason"] = "timeout";
        }
        record.pushed_at = Clock::now();
        out.emplace_back(record.id, record.envelope.dump());
    }
    return out;
}

}  // namespace ritualbot::emulator
