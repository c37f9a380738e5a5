#pragma once
// Internal to Emulator: everything the emulator knows and decides, without sockets. The Web
// API is answered here (handle_http), tickets, connections, envelopes and acks are booked
// here, and so is the page's timeline (what a person in the workspace would see) and the
// page's actions (emulator_page.cpp). One mutex guards it all; the server thread and the test
// thread both call in. Beast-free so that this logic compiles in seconds.

#include "emulator/emulator.hpp"
#include "emulator/rate_limits.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <unordered_map>
#include <utility>

namespace ritualbot::emulator {

namespace detail {
// A Web API argument as a string ("" when absent; non-strings dumped as JSON).
std::string arg_string(const nlohmann::json& args, const char* key);
// A Web API argument that is JSON, also when form encoding turned it into a string.
nlohmann::json arg_json(const nlohmann::json& args, const char* key);
nlohmann::json error_body(const std::string& error);
// Where files.getUploadURLExternal's signed upload URLs point: /upload/v1/<file id>/<secret>.
inline constexpr const char* kUploadPath = "/upload/v1/";
}  // namespace detail

class Emulator::State {
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
        std::chrono::milliseconds delay{0};  // answer this late (a slow Slack)
    };

    using Envelopes = std::vector<std::pair<std::string, std::string>>;  // (id, text) to send
    struct PageResult {
        PageAnswer answer;
        Envelopes envelopes;
    };

    void set_port(int port);
    int port() const;
    // Set once before the server starts, read-only after.
    std::string ca_file;
    std::string temp_dir;  // holds the generated certificates; removed by ~Emulator
    Workspace workspace;
    bool enforce_rate_limits = true;
    int rate_limited_calls = 0;  // every call answered 429, scripted or over the limit
    ClockControl clock;
    int page_port = 0;
    // Called (under `mutex`) after each timeline event; must only post work elsewhere.
    std::function<void()> on_timeline;

    // Server thread ------------------------------------------------------------------
    HttpReply handle_http(const HttpRequestInfo& request);
    // Validates and burns the ticket in a "/link/?ticket=..." target.
    bool consume_ticket(const std::string& target);
    void count_tls_session();
    // Books a new websocket; returns its index and the hello frame to send first.
    int on_open(std::string* hello);
    void on_close(int connection);
    void on_frame(int connection, const std::string& text);
    void on_ping();
    void on_pong();
    void mark_delivered(const std::string& envelope_id, int connection);

    // The page's requests (emulator_page.cpp).
    PageResult handle_page(const std::string& verb, const std::string& target,
                           const std::string& body);

    // Test thread -------------------------------------------------------------------
    // Stores the envelope (inserting a generated envelope_id if missing); returns the id and
    // the text to send.
    std::pair<std::string, std::string> record_push(nlohmann::json envelope);
    // Envelope builders shared by the test API and the page; the caller records the push.
    // slash_command_envelope books a trigger and the envelope's origin: hold `mutex`.
    nlohmann::json slash_command_envelope(const std::string& command, const std::string& text,
                                          const std::string& channel, const std::string& user);
    nlohmann::json event_envelope(nlohmann::json inner_event, const std::string& event_id,
                                  int retry_attempt = 0);
    // Every never-acked envelope as (id, text), events_api retry fields bumped.
    std::vector<std::pair<std::string, std::string>> prepare_redelivery();
    void fail_next(const std::string& method, FailureSpec failure);
    void delay_next(const std::string& method, std::chrono::milliseconds delay, int count);
    void set_scopes(std::string scopes);
    std::string make_id();
    // emulator_files.cpp
    nlohmann::json add_file(const std::string& name, std::string content,
                            const std::string& filetype, const std::string& user);

    // Observation (used by Emulator's public methods).
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
    std::unordered_map<std::string, std::vector<std::size_t>> ack_positions;  // by envelope_id
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
    int tls_sessions = 0;  // HTTPS connections whose TLS handshake completed
    int pings = 0;
    int pongs = 0;
    std::map<std::string, std::vector<nlohmann::json>> channel_messages;  // oldest first
    std::set<std::string> bot_removed;  // channels the bot is not in (Emulator::remove_bot)
    // What the page shows, in order; an event's "seq" is its index + 1.
    std::vector<nlohmann::json> timeline;

private:
    // Why an envelope was sent, so its ack (or a later response_url call) can be shown to the
    // person who caused it.
    struct Origin {
        std::string kind;  // "command", "block_actions", "message_action", "view_submission"
        std::string user;
        std::string channel;
        std::string message_ts;  // block_actions on a message
        bool ephemeral = false;  // ... on an ephemeral one
        std::string view_id;     // view_submission
    };

    // 0 when the call is within Slack's limits (rate_limits.hpp), else the Retry-After seconds.
    int over_rate_limit_locked(const std::string& method, const nlohmann::json& args,
                               Clock::time_point now);
    nlohmann::json dispatch(const std::string& method, const nlohmann::json& args,
                            HttpReply& reply);
    nlohmann::json dispatch_views(const std::string& method, const nlohmann::json& args);
    // emulator_files.cpp, under the lock
    nlohmann::json files_info_locked(const nlohmann::json& args) const;
    std::string next_file_id();
    // GET /files-pri/...: the bytes, or 403 without the bot token, 404 for no such file.
    HttpReply download_locked(const std::string& path, const std::string& authorization) const;
    // Slack's upload: files.getUploadURLExternal books an upload and its signed URL; a POST of
    // exactly `length` bytes to that URL fills it; files.completeUploadExternal turns it into a
    // file and, with channel_id, shares it into the channel as a message carrying it.
    nlohmann::json upload_url_locked(const nlohmann::json& args);
    HttpReply receive_upload_locked(const std::string& path, const std::string& body);
    nlohmann::json complete_upload_locked(const nlohmann::json& args);
    PageAnswer page_file(const std::string& path) const;  // GET /ui/files/<id>: its bytes
    std::pair<std::string, std::string> record_push_locked(nlohmann::json envelope);
    std::string next_ts();
    std::string public_base() const;
    std::string resolve_channel(const std::string& channel) const;  // U… means their DM
    std::int64_t now_ms() const;
    std::string new_trigger(const std::string& user);
    nlohmann::json user_object(const std::string& user) const;
    void emit_locked(nlohmann::json event);
    void emit_message_locked(const nlohmann::json& message, const std::string& channel,
                             const std::string& ephemeral_to);
    void on_ack_locked(const Ack& ack);
    void on_response_url_locked(const std::string& envelope_id, const nlohmann::json& args);

    // The page's requests, each under the lock.
    PageAnswer page_workspace() const;
    PageAnswer page_send(const nlohmann::json& request, Envelopes& out);
    PageAnswer page_action(const nlohmann::json& request, Envelopes& out);
    PageAnswer page_shortcut(const nlohmann::json& request, Envelopes& out);
    PageAnswer push_interactive_locked(const std::string& envelope_id, nlohmann::json payload,
                                       Envelopes& out);
    PageAnswer page_submit(const nlohmann::json& request, Envelopes& out);
    PageAnswer page_close(const nlohmann::json& request, Envelopes& out);
    PageAnswer page_home(const nlohmann::json& request, Envelopes& out);
    PageAnswer page_clock(const nlohmann::json& request);

    int port_ = 0;
    int next_connection_ = 0;
    long long ts_counter_ = 0;
    std::string scopes_ =
        "chat:write,chat:write.public,commands,channels:history,groups:history,im:write,"
        "reactions:read,reactions:write,users:read,channels:read,groups:read,files:read";
    std::set<std::string> tickets_;
    std::map<std::string, FailureSpec> failures_;
    RateLimits rate_limits_;
    std::map<std::string, std::pair<std::chrono::milliseconds, int>> delays_;  // delay, count
    std::map<std::string, Origin> origins_;             // by envelope_id
    std::map<std::string, std::string> triggers_;       // trigger_id -> user
    std::map<std::string, nlohmann::json> views_;       // open modals by view id
    std::map<std::string, std::string> view_users_;     // view id -> whose it is
    std::map<std::string, nlohmann::json> home_views_;  // user -> their published Home tab
    std::map<std::string, nlohmann::json> ephemerals_;  // by ts, for replace_original
    long long view_counter_ = 0;
    struct StoredFile {
        nlohmann::json object;  // as files.info and message events show it
        std::string content;
    };
    std::map<std::string, StoredFile> files_;  // by file id
    struct PendingUpload {
        std::string filename, alt_txt, secret;  // secret: the upload URL's last segment
        std::size_t length = 0;
        std::optional<std::string> content;  // set once the bytes arrived
    };
    std::map<std::string, PendingUpload> uploads_;  // by file id, until completed
    long long file_counter_ = 1000;
    std::mt19937_64 rng_{std::random_device{}()};
};

}  // namespace ritualbot::emulator
