#pragma once
// Emulator: a local stand-in for slack.com. The end-to-end tests script it (tests/fake_slack
// names it FakeSlack); `ritualbot sandbox` runs the real bot against it and shows it as a web
// page. The bot reaches it through exactly the code path it uses for real Slack.
//
// What it emulates: one TLS listener on 127.0.0.1:<ephemeral> serving
//   * the Web API (POST or GET /api/<method>, JSON or form bodies, Bearer tokens, keep-alive):
//     apps.connections.open (app token, single-use tickets), auth.test (bot token, and the
//     x-oauth-scopes header), chat.postMessage / chat.update / chat.postEphemeral,
//     conversations.history (what was posted so far, newest first), views.open / views.update /
//     views.push, views.publish (the Home tab, kept per person and shown on the page),
//     users.info (with roles: owner, admin, member, guests, people of another team; see
//     workspace.hpp), usergroups.users.list; any other method answers {"ok":true}. Every
//     call is recorded;
//     failures (429 + Retry-After, 500, ok:false) can be scripted per method, before the call
//     takes effect or after it (a lost answer); Slack's rate limits are enforced
//     (rate_limits.hpp: chat.postMessage per channel, chat.update and chat.postEphemeral per
//     workspace), a call over them answered 429 with Retry-After and counted;
//   * response_url: POST /response/<envelope_id> is recorded as method "response_url" (its
//     args hold the envelope_id), an ephemeral reply shown to the person who acted;
//   * files: upload_file() stores a file as if a person had attached it to a message;
//     files.info (bot token) describes it and GET on its url_private_download serves its bytes
//     only with `Authorization: Bearer <bot token>` (otherwise 403, as a login wall); each
//     download is recorded as method "files.download";
//   * Socket Mode: a websocket upgrade on GET /link/?ticket=... (ticket from
//     apps.connections.open, usable once, else HTTP 401), a Slack-shaped `hello`, envelopes
//     pushed by the test, acks recorded with their receive time, `disconnect` frames, abrupt
//     drops, periodic server pings, and several connections at once (make-before-break).
//   Acks of 20480 bytes or more are dropped (as Slack silently does) and listed in
//   rejected_frames() instead.
// With EmulatorOptions::page_address set it also serves, over plain HTTP, the sandbox page
// (embedded HTML/CSS/JS), a server-sent-events stream of what a person would see (messages,
// in-place updates, ephemerals, modals, the clock) and the page's actions (type a command or a
// message, click a button, submit a modal, move the clock), which become real envelopes.
//
// Threading: the server runs its own io_context on its own thread. Every public method is
// thread-safe; methods that send something post the work to the server thread and return at
// once (the send happens shortly after). Every wait_* takes a timeout and never blocks longer.
// The destructor stops the server even with clients mid-connection (their sockets are
// closed), joins the thread and removes the temporary directory holding the generated
// certificates.
//
// Connections are numbered 0, 1, 2 ... in the order their websocket handshake completed.

#include "emulator/workspace.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ritualbot::emulator {

struct Ack {
    std::string envelope_id;
    nlohmann::json payload;                           // null if the ack had none
    int connection = -1;                              // the connection the ack arrived on
    std::chrono::steady_clock::time_point pushed_at;  // last (re)delivery of that envelope
    std::chrono::steady_clock::time_point acked_at;
};

struct ApiCall {
    std::string method;         // "chat.postMessage", or "response_url"
    std::string authorization;  // the raw Authorization header
    std::string content_type;
    nlohmann::json args;  // JSON body, or form/query fields as a JSON object of strings
    int http_status = 0;
    nlohmann::json response;  // the JSON body sent back (null if not JSON)
    std::chrono::steady_clock::time_point at;
};

struct FailureSpec {
    int http_status = 429;
    int retry_after_seconds = 1;  // sent as Retry-After when > 0
    std::string body = R"({"ok":false,"error":"ratelimited"})";
    int count = 1;  // how many upcoming calls of the method get this answer
    // The call takes effect (a message posted, a file shared) and only then is answered with
    // this failure: Slack did it, the caller cannot know.
    bool after_commit = false;
};

struct EmulatorOptions {
    // valid: server cert for 127.0.0.1/localhost signed by ca_file().
    // other_ca: the server cert is signed by a second CA; ca_file() is the first one.
    // wrong_host: signed by ca_file() but its only SAN is DNS:wrong.example.
    enum class Cert { valid, other_ca, wrong_host } cert = Cert::valid;
    // Answer calls over Slack's rate limits with 429 (rate_limits.hpp); false: never.
    bool enforce_rate_limits = true;
    // Envelopes pushed without a connection go to an open connection picked at random, as
    // Slack spreads them over all of an app's connections (several instances of a bot);
    // false: to the newest, which the one-connection scenes follow.
    bool spread_envelopes = false;
    // Interval of server-initiated websocket pings (Slack pings its clients); 0 = never.
    std::chrono::milliseconds ping_interval{10000};
    // HOST:PORT for the sandbox page (plain HTTP; port 0 picks a free one); empty: no page.
    std::string page_address{};
    // The people and channels the page shows and the Web API knows.
    Workspace workspace = sandbox_workspace();
    // The time people see (message times, the clock control). Unset: the wall clock and no
    // clock control. Called on the server thread.
    ClockControl clock{};
};

// What the page asked for, answered by Emulator::page_request.
struct PageAnswer {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
};

struct ConnectionInfo {
    int index = -1;
    bool open = false;
    std::chrono::steady_clock::time_point opened_at;  // when its hello was queued
    std::chrono::steady_clock::time_point closed_at;  // unset while open
};

struct RejectedFrame {
    int connection = -1;
    std::string reason;  // "invalid_json", "no_envelope_id", "too_large"
    std::string text;    // the frame (truncated to 2000 bytes)
};

class Emulator {
public:
    static constexpr const char* kAppToken = "xapp-1-test-A0FAKE-1-fake";
    static constexpr const char* kBotToken = "xoxb-0000-fake-bot-token";
    static constexpr const char* kAppId = "A0FAKE";
    static constexpr const char* kBotUserId = "U0BOT";

    explicit Emulator(EmulatorOptions options = {});
    ~Emulator();
    Emulator(const Emulator&) = delete;
    Emulator& operator=(const Emulator&) = delete;

    std::string api_url() const;  // "https://127.0.0.1:<port>/api/"
    std::string ca_file() const;  // the CA clients should trust
    int port() const;
    int page_port() const;  // 0 without a page

    void set_scopes(std::string comma_list);  // x-oauth-scopes of auth.test

    // --- Socket Mode -------------------------------------------------------------------
    // Sends to the newest open connection (a random one with spread_envelopes) unless
    // `connection` >= 0. Returns the
    // envelope_id (a UUID is generated and inserted when missing). With no open connection
    // the envelope stays pending until redeliver_unacked().
    std::string push_envelope(nlohmann::json envelope, int connection = -1);
    // slash_commands envelope (accepts_response_payload: true) with a response_url that
    // points back at this server.
    std::string push_slash_command(const std::string& command, const std::string& text,
                                   const std::string& channel = "C0CREW",
                                   const std::string& user = "U0ALICE");
    // events_api envelope carrying an event_callback; retry_reason "timeout" when
    // retry_attempt > 0.
    std::string push_event(nlohmann::json inner_event, const std::string& event_id,
                           int retry_attempt = 0, const std::string& envelope_id = {});
    // Re-sends every envelope never acked to `connection` (newest if -1), keeping its
    // envelope_id; events_api envelopes get retry_attempt + 1 and retry_reason "timeout".
    // Returns how many were re-sent.
    std::size_t redeliver_unacked(int connection = -1);

    // {"type":"disconnect","reason":...,"debug_info":{"host":"fake-applink"}}
    void send_disconnect(const std::string& reason, int connection = -1);
    // One text frame holding exactly `text`, sent as is: broken JSON, invalid UTF-8 (for the
    // fault tests; nothing is booked as an envelope).
    void send_raw_frame(std::string text, int connection = -1);
    void drop_connection(int connection = -1);   // close TCP, no close frame, no TLS close
    void close_connection(int connection = -1);  // websocket close frame (code 1000)

    // The bot's membership: it is in every channel until removed. In a channel it was removed
    // from, chat.postMessage, chat.postEphemeral and chat.update answer not_in_channel and
    // users.conversations leaves the channel out. remove_bot sends no event (as when Slack's
    // event was lost; push `channel_left` for that); invite_bot pushes the
    // member_joined_channel event naming the bot, as Slack does, and returns its envelope_id.
    void remove_bot(const std::string& channel);
    std::string invite_bot(const std::string& channel);
    // Stores a file as if `user` had uploaded it; returns the file object Slack puts in the
    // message's `files` (id, name, filetype, mimetype, size, url_private_download, …), for the
    // test to carry in an app_mention or a message_action.
    nlohmann::json upload_file(const std::string& name, std::string content,
                               const std::string& filetype = "csv",
                               const std::string& user = "U0ALICE");

    void fail_next(const std::string& method, FailureSpec failure);
    // The next `count` calls of `method` are handled at once but answered `delay` later.
    void delay_next(const std::string& method, std::chrono::milliseconds delay, int count = 1);

    // --- Observation -------------------------------------------------------------------
    std::optional<Ack> wait_for_ack(const std::string& envelope_id,
                                    std::chrono::milliseconds timeout);
    std::vector<Ack> acks() const;  // every ack received, duplicates included, in order
    std::vector<Ack> acks_for(const std::string& envelope_id) const;
    bool wait_for_calls(const std::string& method, std::size_t count,
                        std::chrono::milliseconds timeout);
    std::vector<ApiCall> calls(const std::string& method = {}) const;
    // Total hellos sent since start reaches `hellos_sent`.
    bool wait_for_connections(int hellos_sent, std::chrono::milliseconds timeout);
    // Number of open websockets becomes exactly `count`.
    bool wait_for_open_connections(int count, std::chrono::milliseconds timeout);
    int hellos_sent() const;
    // HTTPS connections (Web API, response URLs, websockets) whose TLS handshake completed.
    int tls_sessions() const;
    int open_connections() const;
    int newest_connection() const;  // index of the newest open connection, -1 if none
    std::vector<ConnectionInfo> connections() const;  // every websocket so far, by index
    // True if websocket `opened` said hello before websocket `closed` closed (or `closed` is
    // still open): the make-before-break check. False if `opened` never existed.
    bool connection_opened_before_closed(int opened, int closed) const;
    // Envelope ids pushed and never acked, in push order.
    std::vector<std::string> pending_envelopes() const;
    // Envelope ids acked only after kAckWindow: Slack would have retried them (events_api
    // redelivered with retry_attempt, a slash command shown as failed to its user).
    std::vector<std::string> late_acks() const;
    static constexpr std::chrono::seconds kAckWindow{3};
    std::vector<RejectedFrame> rejected_frames() const;
    int pings_received() const;  // websocket pings sent by clients
    int rate_limited_calls() const;  // calls answered 429, scripted or over Slack's limits
    int pongs_received() const;  // answers to the server's pings
    // Messages posted so far to a channel (chat.postMessage, updated by chat.update), oldest
    // first, as conversations.history would show them.
    std::vector<nlohmann::json> messages(const std::string& channel) const;

    // --- The page ----------------------------------------------------------------------
    // One of the page's requests (POST /ui/send, /ui/action, /ui/shortcut, /ui/submit,
    // /ui/close, /ui/clock, /ui/home; GET /ui/workspace), as the page server answers it;
    // envelopes it causes are sent to the newest connection. Tests call it directly instead of
    // going through HTTP.
    PageAnswer page_request(const std::string& verb, const std::string& target,
                            const std::string& body);
    // The page's timeline: every event after `after_seq` (each has "seq" and "type":
    // "message", "view", "view_errors", "view_closed", "home", "clock"), oldest first.
    std::vector<nlohmann::json> page_events(long long after_seq = 0) const;
    // Waits until an event after `after_seq` satisfies `match`; returns it.
    std::optional<nlohmann::json> wait_for_page_event(
        const std::function<bool(const nlohmann::json&)>& match, std::chrono::milliseconds timeout,
        long long after_seq = 0);

private:
    class State;
    class Server;
    class PageServer;
    std::unique_ptr<State> state_;
    std::unique_ptr<Server> server_;
    std::unique_ptr<PageServer> page_;
};

}  // namespace ritualbot::emulator
