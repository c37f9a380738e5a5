#pragma once
// Internal to FakeSlack: everything the fake knows and decides, without sockets. The Web API
// is answered here (handle_http), tickets, connections, envelopes and acks are booked here.
// One mutex guards it all; the server thread and the test thread both call in. Beast-free so
// that this logic compiles in seconds.

#include "fake_slack.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <utility>

namespace ritualbot::testing {

class FakeSlack::State {
public:
    using Clock = std::chrono::steady_clock;

    struct HttpRequestInfo {
        std::string verb;    // "GET", "POST"
        std::string target;  // "/api/chat.postMessage?x=y"
        std::string authorization;
        std::string content_type;
        std::string body;
    };
    struct HttpReply {
        int status = 200;
        std::vector<std::pair<std::string, std::string>> headers;
        std::string body;
    };

    void set_port(int port);
    int port() const;
    std::string ca_file;   // set once before the server starts, read-only after
    std::string temp_dir;  // holds the generated certificates; removed by ~FakeSlack

    // Server thread ------------------------------------------------------------------
    HttpReply handle_http(const HttpRequestInfo& request);
    // Validates and burns the ticket in a "/link/?ticket=..." target.
    bool consume_ticket(const std::string& target);
    // Books a new websocket; returns its index and the hello frame to send first.
    int on_open(std::string* hello);
    void on_close(int connection);
    void on_frame(int connection, const std::string& text);
    void on_ping();
    void on_pong();
    void mark_delivered(const std::string& envelope_id, int connection);

    // Test thread -------------------------------------------------------------------
    // Stores the envelope (inserting a generated envelope_id if missing); returns the id and
    // the text to send.
    std::pair<std::string, std::string> record_push(nlohmann::json envelope);
    // Every never-acked envelope as (id, text), events_api retry fields bumped.
    std::vector<std::pair<std::string, std::string>> prepare_redelivery();
    void fail_next(const std::string& method, FailureSpec failure);
    void set_scopes(std::string scopes);
    std::string make_id();

    // Observation (used by FakeSlack's public methods).
    mutable std::mutex mutex;
    std::condition_variable changed;

    struct EnvelopeRecord {
        std::string id;
        nlohmann::json envelope;
        int connection = -1;  // -1: not delivered (yet)
        Clock::time_point pushed_at;
        bool acked = false;
    };
    // All below guarded by `mutex`.
    std::vector<EnvelopeRecord> envelopes;
    std::map<std::string, std::size_t> envelope_index;
    std::vector<Ack> acks;
    std::vector<ApiCall> calls;
    std::vector<RejectedFrame> rejected;
    std::set<int> open;
    struct ConnectionRecord {
        ConnectionInfo info;
        long long opened_seq = 0;
        long long closed_seq = 0;  // 0 while open
    };
    std::map<int, ConnectionRecord> connection_log;
    long long event_seq = 0;  // orders opens and closes unambiguously
    int hellos = 0;
    int pings = 0;
    int pongs = 0;
    std::map<std::string, std::vector<nlohmann::json>> channel_messages;  // oldest first

private:
    nlohmann::json dispatch(const std::string& method, const nlohmann::json& args,
                            HttpReply& reply);
    std::string next_ts();
    std::string public_base() const;

    int port_ = 0;
    int next_connection_ = 0;
    long long ts_counter_ = 0;
    std::string scopes_ =
        "chat:write,chat:write.public,commands,channels:history,groups:history,im:write,"
        "reactions:read,reactions:write,users:read,channels:read,groups:read";
    std::set<std::string> tickets_;
    std::map<std::string, FailureSpec> failures_;
    std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace ritualbot::testing
