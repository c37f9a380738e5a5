// Self-test of the fake Slack, driven by a minimal Beast client. Every client step runs on a
// local io_context with a deadline, so a broken fake fails the test instead of hanging it.

#include "fake_slack.hpp"
#include "emulator/rate_limits.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <catch2/catch.hpp>

#include <future>
#include <thread>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using json = nlohmann::json;
using namespace std::chrono_literals;
using ritualbot::testing::FailureSpec;
using ritualbot::testing::FakeSlack;
using ritualbot::testing::FakeSlackOptions;

namespace {

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class T>
T run_bounded(asio::io_context& ioc, asio::awaitable<T> task) {
    auto result = asio::co_spawn(ioc, std::move(task), asio::use_future);
    ioc.restart();
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (result.wait_for(0s) != std::future_status::ready &&
           std::chrono::steady_clock::now() < deadline)
        ioc.run_one_until(deadline);
    REQUIRE(result.wait_for(0s) == std::future_status::ready);
    return result.get();
}

struct Client {
    explicit Client(const std::string& ca_file) {
        ctx.set_verify_mode(ssl::verify_peer);
        if (!ca_file.empty()) ctx.load_verify_file(ca_file);
    }
    asio::io_context ioc;
    ssl::context ctx{ssl::context::tls_client};
};

struct HttpResult {
    int status = 0;
    std::string retry_after;
    std::string scopes;
    json body;
};

// Connects and verifies the server certificate for 127.0.0.1; throws system_error on failure.
asio::awaitable<void> connect_tls(TlsStream* stream, int port) {
    stream->set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    beast::get_lowest_layer(*stream).expires_after(5s);
    co_await beast::get_lowest_layer(*stream).async_connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)),
        asio::use_awaitable);
    co_await stream->async_handshake(ssl::stream_base::client, asio::use_awaitable);
}

asio::awaitable<HttpResult> api_request(TlsStream* stream, std::string method, std::string token,
                                        std::string content_type, std::string body) {
    http::request<http::string_body> req{http::verb::post, "/api/" + method, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    if (!content_type.empty()) req.set(http::field::content_type, content_type);
    req.body() = std::move(body);
    req.keep_alive(true);
    req.prepare_payload();
    beast::get_lowest_layer(*stream).expires_after(5s);
    co_await http::async_write(*stream, req, asio::use_awaitable);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    co_await http::async_read(*stream, buffer, res, asio::use_awaitable);
    co_return HttpResult{static_cast<int>(res.result_int()), std::string(res["Retry-After"]),
                         std::string(res["x-oauth-scopes"]),
                         json::parse(res.body(), nullptr, false)};
}

asio::awaitable<HttpResult> api_call(ssl::context* ctx, int port, std::string method,
                                     std::string token, std::string content_type = {},
                                     std::string body = {}) {
    TlsStream stream(co_await asio::this_coro::executor, *ctx);
    co_await connect_tls(&stream, port);
    co_return co_await api_request(&stream, std::move(method), std::move(token),
                                   std::move(content_type), std::move(body));
}

// "wss://127.0.0.1:1234/link/?ticket=..." -> "/link/?ticket=..."
std::string target_of(const std::string& url) {
    const auto host_start = url.find("://") + 3;
    return url.substr(url.find('/', host_start));
}

struct WsClient {
    explicit WsClient(Client& c) : ws(c.ioc, c.ctx) {}
    websocket::stream<TlsStream> ws;
    beast::flat_buffer buffer;
};

// Returns the HTTP status of the upgrade (101 on success).
asio::awaitable<int> ws_connect(WsClient* c, int port, std::string target) {
    co_await connect_tls(&c->ws.next_layer(), port);
    beast::get_lowest_layer(c->ws).expires_never();
    c->ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    websocket::response_type res;
    auto [ec] = co_await c->ws.async_handshake(res, "127.0.0.1:" + std::to_string(port), target,
                                               asio::as_tuple(asio::use_awaitable));
    (void)ec;
    co_return static_cast<int>(res.result_int());
}

asio::awaitable<json> ws_read(WsClient* c) {
    c->buffer.clear();
    co_await c->ws.async_read(c->buffer, asio::use_awaitable);
    co_return json::parse(beast::buffers_to_string(c->buffer.data()));
}

asio::awaitable<boost::system::error_code> ws_read_error(WsClient* c) {
    c->buffer.clear();
    auto [ec, n] = co_await c->ws.async_read(c->buffer, asio::as_tuple(asio::use_awaitable));
    co_return ec;
}

asio::awaitable<void> ws_write(WsClient* c, std::string text) {
    co_await c->ws.async_write(asio::buffer(text), asio::use_awaitable);
}

std::string open_connection_url(Client& client, const FakeSlack& slack) {
    const auto res = run_bounded(
        client.ioc,
        api_call(&client.ctx, slack.port(), "apps.connections.open", FakeSlack::kAppToken));
    REQUIRE(res.status == 200);
    REQUIRE(res.body["ok"] == true);
    return res.body["url"].get<std::string>();
}

}  // namespace

TEST_CASE("fake Slack Web API checks tokens and records calls", "[fake_slack]") {
    FakeSlack slack;
    Client client(slack.ca_file());
    CHECK(slack.api_url() == "https://127.0.0.1:" + std::to_string(slack.port()) + "/api/");
    slack.set_scopes("chat:write,commands");

    TlsStream stream(client.ioc, client.ctx);
    run_bounded(client.ioc, connect_tls(&stream, slack.port()));
    // Several requests on one keep-alive connection.
    auto none = run_bounded(client.ioc, api_request(&stream, "auth.test", "", "", ""));
    CHECK(none.body == json{{"ok", false}, {"error", "not_authed"}});
    auto wrong = run_bounded(client.ioc, api_request(&stream, "auth.test", "xoxb-wrong", "", ""));
    CHECK(wrong.body["error"] == "invalid_auth");
    auto app_on_bot = run_bounded(
        client.ioc, api_request(&stream, "apps.connections.open", FakeSlack::kBotToken, "", ""));
    CHECK(app_on_bot.body["error"] == "invalid_auth");
    auto auth =
        run_bounded(client.ioc, api_request(&stream, "auth.test", FakeSlack::kBotToken, "", ""));
    CHECK(auth.status == 200);
    CHECK(auth.body["ok"] == true);
    CHECK(auth.body["user_id"] == "U0BOT");
    CHECK(auth.scopes == "chat:write,commands");

    const std::string json_type = "application/json; charset=utf-8";
    auto first =
        run_bounded(client.ioc, api_request(&stream, "chat.postMessage", FakeSlack::kBotToken,
                                            json_type, R"({"channel":"C1","text":"one"})"));
    auto second =
        run_bounded(client.ioc, api_request(&stream, "chat.postMessage", FakeSlack::kBotToken,
                                            "application/x-www-form-urlencoded",
                                            "channel=C1&text=two+%26+more"));
    REQUIRE(first.body["ok"] == true);
    REQUIRE(second.body["ok"] == true);
    CHECK(first.body["channel"] == "C1");
    CHECK(first.body["ts"].get<std::string>() < second.body["ts"].get<std::string>());
    auto no_channel =
        run_bounded(client.ioc, api_request(&stream, "chat.postMessage", FakeSlack::kBotToken,
                                            json_type, R"({"text":"x"})"));
    CHECK(no_channel.body["error"] == "channel_not_found");
    auto updated = run_bounded(
        client.ioc,
        api_request(
            &stream, "chat.update", FakeSlack::kBotToken, json_type,
            json{{"channel", "C1"}, {"ts", first.body["ts"]}, {"text", "one, edited"}}.dump()));
    CHECK(updated.body["ok"] == true);
    auto history =
        run_bounded(client.ioc, api_request(&stream, "conversations.history", FakeSlack::kBotToken,
                                            "application/x-www-form-urlencoded", "channel=C1"));
    REQUIRE(history.body["messages"].size() == 2);
    CHECK(history.body["messages"][0]["text"] == "two & more");  // newest first
    CHECK(history.body["messages"][1]["text"] == "one, edited");
    auto other =
        run_bounded(client.ioc, api_request(&stream, "reactions.add", FakeSlack::kBotToken,
                                            json_type, R"({"channel":"C1","name":"tada"})"));
    CHECK(other.body == json{{"ok", true}});

    REQUIRE(slack.wait_for_calls("chat.postMessage", 3, 1s));
    const auto posts = slack.calls("chat.postMessage");
    CHECK(posts[0].args["text"] == "one");
    CHECK(posts[1].args["text"] == "two & more");
    CHECK(posts[1].authorization == std::string("Bearer ") + FakeSlack::kBotToken);
    CHECK(slack.calls().size() == 10);
    CHECK_FALSE(slack.wait_for_calls("chat.postMessage", 4, 50ms));
}

TEST_CASE("fake Slack fail_next scripts rate limits and errors", "[fake_slack]") {
    FakeSlack slack;
    Client client(slack.ca_file());
    slack.fail_next("chat.postMessage", FailureSpec{});
    slack.fail_next("auth.test", FailureSpec{500, 0, "oops", 2});
    const std::string body = R"({"channel":"C1","text":"hi"})";
    const std::string type = "application/json; charset=utf-8";

    auto limited = run_bounded(client.ioc, api_call(&client.ctx, slack.port(), "chat.postMessage",
                                                    FakeSlack::kBotToken, type, body));
    CHECK(limited.status == 429);
    CHECK(limited.retry_after == "1");
    CHECK(limited.body["error"] == "ratelimited");
    auto ok = run_bounded(client.ioc, api_call(&client.ctx, slack.port(), "chat.postMessage",
                                               FakeSlack::kBotToken, type, body));
    CHECK(ok.status == 200);
    CHECK(ok.body["ok"] == true);
    for (int i = 0; i < 2; ++i) {
        auto broken = run_bounded(
            client.ioc, api_call(&client.ctx, slack.port(), "auth.test", FakeSlack::kBotToken));
        CHECK(broken.status == 500);
        CHECK(broken.retry_after.empty());
    }
    CHECK(run_bounded(client.ioc,
                      api_call(&client.ctx, slack.port(), "auth.test", FakeSlack::kBotToken))
              .status == 200);
    CHECK(slack.calls("chat.postMessage")[0].http_status == 429);
}

TEST_CASE("fake Slack Socket Mode: hello, envelopes, acks, tickets, drops", "[fake_slack]") {
    // The client outlives the fake: its destructor must not hang on a live connection.
    Client client("");
    std::optional<WsClient> ws;
    std::optional<WsClient> ws2;
    FakeSlackOptions options;
    options.ping_interval = 50ms;
    FakeSlack slack(options);
    client.ctx.load_verify_file(slack.ca_file());

    const std::string url = open_connection_url(client, slack);
    CHECK(url.rfind("wss://127.0.0.1:" + std::to_string(slack.port()) + "/link/?ticket=", 0) == 0);
    CHECK(url.find("&app_id=A0FAKE") != std::string::npos);
    ws.emplace(client);
    REQUIRE(run_bounded(client.ioc, ws_connect(&*ws, slack.port(), target_of(url))) == 101);
    const json hello = run_bounded(client.ioc, ws_read(&*ws));
    CHECK(hello["type"] == "hello");
    CHECK(hello["num_connections"] == 1);
    CHECK(hello["connection_info"]["app_id"] == "A0FAKE");
    REQUIRE(slack.wait_for_connections(1, 1s));
    CHECK(slack.open_connections() == 1);

    SECTION("a ticket is single-use") {
        WsClient again(client);
        CHECK(run_bounded(client.ioc, ws_connect(&again, slack.port(), target_of(url))) == 401);
        CHECK(slack.hellos_sent() == 1);
    }

    SECTION("slash command acked with a payload") {
        const std::string id = slack.push_slash_command("/ritual", "captain");
        const json envelope = run_bounded(client.ioc, ws_read(&*ws));
        CHECK(envelope["envelope_id"] == id);
        CHECK(envelope["type"] == "slash_commands");
        CHECK(envelope["accepts_response_payload"] == true);
        CHECK(envelope["payload"]["command"] == "/ritual");
        CHECK(envelope["payload"]["text"] == "captain");
        CHECK(slack.pending_envelopes() == std::vector<std::string>{id});
        run_bounded(
            client.ioc,
            ws_write(&*ws,
                     json{{"envelope_id", id}, {"payload", {{"text", "Captain: <@U1>"}}}}.dump()));
        const auto ack = slack.wait_for_ack(id, 2s);
        REQUIRE(ack.has_value());
        CHECK(ack->payload["text"] == "Captain: <@U1>");
        CHECK(ack->connection == 0);
        CHECK(ack->acked_at >= ack->pushed_at);
        CHECK(slack.pending_envelopes().empty());
        CHECK_FALSE(slack.wait_for_ack("no-such-envelope", 20ms).has_value());

        run_bounded(client.ioc, ws_write(&*ws, "not json"));
        run_bounded(client.ioc, ws_write(&*ws, json{{"envelope_id", id}}.dump()));
        for (int i = 0; i < 100 && slack.acks_for(id).size() < 2; ++i)
            std::this_thread::sleep_for(10ms);
        CHECK(slack.acks_for(id).size() == 2);  // duplicates are recorded
        REQUIRE(slack.rejected_frames().size() == 1);
        CHECK(slack.rejected_frames()[0].reason == "invalid_json");

        // Server pings (every 50 ms here) are answered by the client while it reads.
        std::this_thread::sleep_for(120ms);
        slack.send_disconnect("refresh_requested");
        CHECK(run_bounded(client.ioc, ws_read(&*ws))["reason"] == "refresh_requested");
        for (int i = 0; i < 100 && slack.pongs_received() == 0; ++i)
            std::this_thread::sleep_for(10ms);
        CHECK(slack.pongs_received() > 0);
    }

    SECTION("disconnect, drop, then redelivery on a new connection") {
        slack.send_disconnect("warning");
        const json disconnect = run_bounded(client.ioc, ws_read(&*ws));
        CHECK(disconnect["type"] == "disconnect");
        CHECK(disconnect["reason"] == "warning");

        const std::string id = slack.push_event({{"type", "app_mention"}, {"text", "hi"}}, "Ev1");
        const json event = run_bounded(client.ioc, ws_read(&*ws));
        CHECK(event["payload"]["event_id"] == "Ev1");
        CHECK(event["retry_attempt"] == 0);

        // Make-before-break: a second connection while the first is still open.
        const std::string url2 = open_connection_url(client, slack);
        ws2.emplace(client);
        REQUIRE(run_bounded(client.ioc, ws_connect(&*ws2, slack.port(), target_of(url2))) == 101);
        CHECK(run_bounded(client.ioc, ws_read(&*ws2))["num_connections"] == 2);
        CHECK(slack.open_connections() == 2);
        CHECK(slack.newest_connection() == 1);
        CHECK(slack.connection_opened_before_closed(1, 0));

        slack.drop_connection(0);
        CHECK(run_bounded(client.ioc, ws_read_error(&*ws)));
        REQUIRE(slack.wait_for_open_connections(1, 1s));
        CHECK(slack.connection_opened_before_closed(1, 0));
        CHECK_FALSE(slack.connection_opened_before_closed(5, 0));
        REQUIRE(slack.connections().size() == 2);
        CHECK_FALSE(slack.connections()[0].open);
        CHECK(slack.connections()[0].closed_at >= slack.connections()[1].opened_at);
        CHECK(slack.pending_envelopes() == std::vector<std::string>{id});

        CHECK(slack.redeliver_unacked() == 1);
        const json retry = run_bounded(client.ioc, ws_read(&*ws2));
        CHECK(retry["envelope_id"] == id);
        CHECK(retry["retry_attempt"] == 1);
        CHECK(retry["retry_reason"] == "timeout");
        run_bounded(client.ioc, ws_write(&*ws2, json{{"envelope_id", id}}.dump()));
        const auto ack = slack.wait_for_ack(id, 2s);
        REQUIRE(ack.has_value());
        CHECK(ack->connection == 1);
        CHECK(ack->payload.is_null());

        slack.close_connection();
        CHECK(run_bounded(client.ioc, ws_read_error(&*ws2)) == websocket::error::closed);
        CHECK(slack.wait_for_open_connections(0, 1s));
    }
}

TEST_CASE("fake Slack certificates: wrong CA and wrong host fail verification", "[fake_slack]") {
    for (auto cert : {FakeSlackOptions::Cert::other_ca, FakeSlackOptions::Cert::wrong_host}) {
        FakeSlackOptions options;
        options.cert = cert;
        FakeSlack slack(options);
        Client client(slack.ca_file());
        try {
            run_bounded(client.ioc,
                        api_call(&client.ctx, slack.port(), "auth.test", FakeSlack::kBotToken));
            FAIL("handshake should have failed");
        } catch (const boost::system::system_error& e) {
            INFO(e.what());
            CHECK(e.code().category() == asio::error::get_ssl_category());
        }
        CHECK(slack.calls().empty());
    }
}

// The sandbox page's side of the emulator: what a person does on the page becomes the
// envelope Slack would send, and what the bot answers becomes what the person sees.
TEST_CASE("fake Slack refuses blocks Slack refuses and lists the bot's conversations", "[fake_slack]") {
    FakeSlackOptions options;
    options.enforce_rate_limits = false;  // many posts to one channel at once: blocks only here
    FakeSlack slack(options);
    Client client(slack.ca_file());
    const auto post = [&](const json& blocks) {
        return run_bounded(client.ioc, api_call(&client.ctx, slack.port(), "chat.postMessage",
                                                FakeSlack::kBotToken, "application/json",
                                                json{{"channel", "C0CREW"}, {"text", "t"}, {"blocks", blocks}}.dump()));
    };
    const auto section = [](const std::string& text) {
        return json{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", text}}}};
    };
    json fifty = json::array();
    for (int i = 0; i < 50; ++i) fifty.push_back(section("x"));
    CHECK(post(fifty).body["ok"] == true);
    fifty.push_back(section("one too many"));
    CHECK(post(fifty).body["error"] == "invalid_blocks");
    std::string accented;
    for (int i = 0; i < 3000; ++i) accented += "\xC3\xA9";  // 3,000 characters, 6,000 bytes
    CHECK(post(json::array({section(accented)})).body["ok"] == true);
    CHECK(post(json::array({section(accented + "e")})).body["error"] == "invalid_blocks");
    CHECK(slack.messages("C0CREW").size() == 2);

    const HttpResult conversations =
        run_bounded(client.ioc, api_call(&client.ctx, slack.port(), "users.conversations",
                                         FakeSlack::kBotToken, "application/x-www-form-urlencoded", ""));
    const std::string listed = conversations.body["channels"].dump();
    CHECK(listed.find("C0CREW") != std::string::npos);
    CHECK(listed.find("D0ANA") != std::string::npos);
}

TEST_CASE("fake Slack answers not_in_channel where the bot was removed", "[fake_slack]") {
    FakeSlack slack;
    Client client(slack.ca_file());
    const auto call = [&](const std::string& method, const json& args) {
        return run_bounded(client.ioc, api_call(&client.ctx, slack.port(), method,
                                                FakeSlack::kBotToken, "application/json",
                                                args.dump()));
    };
    const json post = {{"channel", "C0CREW"}, {"text", "t"}};
    slack.remove_bot("C0CREW");
    CHECK(call("chat.postMessage", post).body["error"] == "not_in_channel");
    CHECK(call("chat.postEphemeral", json{{"channel", "C0CREW"}, {"user", "U0ANA"}, {"text", "t"}})
              .body["error"] == "not_in_channel");
    CHECK(call("users.conversations", json::object()).body["channels"].dump().find("C0CREW") ==
          std::string::npos);
    CHECK(slack.messages("C0CREW").empty());

    slack.invite_bot("C0CREW");  // no bot connected: the event waits, booked as pending
    REQUIRE(slack.pending_envelopes().size() == 1);
    CHECK(call("chat.postMessage", post).body["ok"] == true);
}

TEST_CASE("emulator page: modals, submissions, button clicks and updates", "[fake_slack][page]") {
    Client client("");
    std::optional<WsClient> ws;
    FakeSlack slack;
    client.ctx.load_verify_file(slack.ca_file());
    ws.emplace(client);
    const std::string url = open_connection_url(client, slack);
    REQUIRE(run_bounded(client.ioc, ws_connect(&*ws, slack.port(), target_of(url))) == 101);
    CHECK(run_bounded(client.ioc, ws_read(&*ws))["type"] == "hello");

    // A slash command's trigger opens a modal for the person who ran it.
    slack.push_slash_command("/suggest", "", "C0CREW", "U0ANA");
    const json command = run_bounded(client.ioc, ws_read(&*ws));
    const json modal = {
        {"type", "modal"},
        {"callback_id", "suggest_modal"},
        {"title", {{"type", "plain_text"}, {"text", "Suggest"}}},
        {"submit", {{"type", "plain_text"}, {"text", "Send"}}},
        {"blocks",
         json::array({{{"type", "input"},
                       {"block_id", "idea"},
                       {"label", {{"type", "plain_text"}, {"text", "Idea"}}},
                       {"element", {{"type", "plain_text_input"}, {"action_id", "text"}}}}})}};
    const HttpResult opened = run_bounded(
        client.ioc,
        api_call(&client.ctx, slack.port(), "views.open", FakeSlack::kBotToken, "application/json",
                 json{{"trigger_id", command["payload"]["trigger_id"]}, {"view", modal}}.dump()));
    REQUIRE(opened.body["ok"] == true);
    const std::string view_id = opened.body["view"]["id"];
    const auto shown = slack.wait_for_page_event(
        [&](const json& e) { return e["type"] == "view" && e["view"]["id"] == view_id; }, 2s);
    REQUIRE(shown);
    CHECK((*shown)["user"] == "U0ANA");
    const HttpResult bad_trigger =
        run_bounded(client.ioc, api_call(&client.ctx, slack.port(), "views.open",
                                         FakeSlack::kBotToken, "application/json",
                                         json{{"trigger_id", "1.2.nope"}, {"view", modal}}.dump()));
    CHECK(bad_trigger.body["error"] == "invalid_trigger_id");

    // Submitting sends view_submission with the values; response_action errors come back.
    CHECK(slack
              .page_request("POST", "/ui/submit",
                            json{{"user", "U0BEN"}, {"view_id", view_id}}.dump())
              .status == 400);  // not Ben's modal
    const json values = {{"idea", {{"text", {{"type", "plain_text_input"}, {"value", "x"}}}}}};
    CHECK(
        slack
            .page_request("POST", "/ui/submit",
                          json{{"user", "U0ANA"}, {"view_id", view_id}, {"values", values}}.dump())
            .status == 200);
    const json submission = run_bounded(client.ioc, ws_read(&*ws));
    CHECK(submission["type"] == "interactive");
    CHECK(submission["accepts_response_payload"] == true);
    CHECK(submission["payload"]["type"] == "view_submission");
    CHECK(submission["payload"]["user"]["id"] == "U0ANA");
    CHECK(submission["payload"]["view"]["callback_id"] == "suggest_modal");
    CHECK(submission["payload"]["view"]["state"]["values"]["idea"]["text"]["value"] == "x");
    run_bounded(client.ioc, ws_write(&*ws, json{{"envelope_id", submission["envelope_id"]},
                                                {"payload",
                                                 {{"response_action", "errors"},
                                                  {"errors", {{"idea", "Say a bit more"}}}}}}
                                               .dump()));
    const auto errors =
        slack.wait_for_page_event([](const json& e) { return e["type"] == "view_errors"; }, 2s);
    REQUIRE(errors);
    CHECK((*errors)["errors"]["idea"] == "Say a bit more");

    // A button on a posted message: block_actions as the clicking person, then an update in
    // place shows as the same message, edited.
    const json blocks = json::array(
        {{{"type", "actions"},
          {"block_id", "ballot"},
          {"elements", json::array({{{"type", "button"},
                                     {"action_id", "suggest_vote"},
                                     {"text", {{"type", "plain_text"}, {"text", "Vote"}}},
                                     {"value", "1:2"}}})}}});
    const HttpResult posted = run_bounded(
        client.ioc,
        api_call(&client.ctx, slack.port(), "chat.postMessage", FakeSlack::kBotToken,
                 "application/json",
                 json{{"channel", "C0CREW"}, {"text", "Vote"}, {"blocks", blocks}}.dump()));
    const std::string ts = posted.body["ts"];
    const json action = {{"action_id", "suggest_vote"}, {"block_id", "ballot"}, {"value", "1:2"}};
    CHECK(slack
              .page_request(
                  "POST", "/ui/action",
                  json{{"user", "U0BEN"}, {"channel", "C0CREW"}, {"ts", ts}, {"action", action}}
                      .dump())
              .status == 200);
    const json click = run_bounded(client.ioc, ws_read(&*ws));
    CHECK(click["payload"]["type"] == "block_actions");
    CHECK(click["payload"]["user"]["id"] == "U0BEN");
    CHECK(click["payload"]["actions"][0]["value"] == "1:2");
    CHECK(click["payload"]["actions"][0]["type"] == "button");
    CHECK(click["payload"]["container"]["message_ts"] == ts);
    CHECK(click["payload"]["message"]["ts"] == ts);
    CHECK(click["payload"]["trigger_id"].is_string());

    run_bounded(
        client.ioc,
        api_call(&client.ctx, slack.port(), "chat.update", FakeSlack::kBotToken, "application/json",
                 json{{"channel", "C0CREW"}, {"ts", ts}, {"text", "1 person voted"}}.dump()));
    const auto updated = slack.wait_for_page_event(
        [&](const json& e) { return e.value("ts", "") == ts && e.value("edited", false); }, 2s);
    REQUIRE(updated);
    CHECK((*updated)["text"] == "1 person voted");
}

TEST_CASE("fake Slack answers users.info with roles and lists a user group", "[fake_slack]") {
    FakeSlackOptions options;
    using ritualbot::emulator::Role;
    options.workspace.people.push_back({"U0GUS", "Gus", "gus", "D0GUS", Role::guest});
    options.workspace.people.push_back({"U0SOLO", "Solo", "solo", "D0SOLO", Role::single_channel_guest});
    options.workspace.people.push_back({"U0XENA", "Xena", "xena", "D0XENA", Role::admin, "T0OTHER"});
    FakeSlack slack(options);
    Client client(slack.ca_file());
    const auto call = [&](const std::string& method, const std::string& form) {
        return run_bounded(client.ioc, api_call(&client.ctx, slack.port(), method,
                                                FakeSlack::kBotToken,
                                                "application/x-www-form-urlencoded", form))
            .body;
    };
    const json ana = call("users.info", "user=U0ANA")["user"];
    CHECK((ana["is_owner"] == true && ana["is_admin"] == true && ana["team_id"] == "T0FAKE"));
    const json ben = call("users.info", "user=U0BEN")["user"];
    CHECK((ben["is_admin"] == false && ben["is_restricted"] == false));
    CHECK(call("users.info", "user=U0GUS")["user"]["is_restricted"] == true);
    const json solo = call("users.info", "user=U0SOLO")["user"];
    CHECK((solo["is_restricted"] == true && solo["is_ultra_restricted"] == true));
    CHECK(call("users.info", "user=U0XENA")["user"]["team_id"] == "T0OTHER");
    CHECK(call("users.info", "user=U0ANYONE")["user"]["is_admin"] == false);
    CHECK(call("users.info", "user=C0CREW")["error"] == "user_not_found");
    CHECK(call("auth.test", "")["team_id"] == "T0FAKE");
    CHECK(call("usergroups.users.list", "usergroup=S0CAPTAIN")["users"] == json::array({"U0BEN"}));
    CHECK(call("usergroups.users.list", "usergroup=S0NONE")["error"] == "no_such_subteam");
}

TEST_CASE("fake Slack's rate limits: buckets per channel and per workspace, Retry-After to wait",
          "[fake_slack]") {
    using ritualbot::emulator::RateLimits;
    RateLimits limits;
    const auto t0 = RateLimits::Clock::time_point{} + std::chrono::hours(1);
    // chat.postMessage: a burst of 2 per channel, then one a second; other channels unaffected.
    CHECK(limits.admit("chat.postMessage", "C1", t0) == 0);
    CHECK(limits.admit("chat.postMessage", "C1", t0) == 0);
    CHECK(limits.admit("chat.postMessage", "C1", t0) == 1);
    CHECK(limits.admit("chat.postMessage", "C2", t0) == 0);
    CHECK(limits.admit("chat.postMessage", "C1", t0 + 999ms) == 1);
    CHECK(limits.admit("chat.postMessage", "C1", t0 + 1000ms) == 0);
    // chat.update, Tier 3: 50 at once in the workspace, whatever the channel, then 1 per 1.2 s.
    for (int i = 0; i < 50; ++i) REQUIRE(limits.admit("chat.update", "C" + std::to_string(i), t0) == 0);
    CHECK(limits.admit("chat.update", "C99", t0) == 2);  // 1.2 s, rounded up to whole seconds
    CHECK(limits.admit("chat.update", "C99", t0 + 1200ms) == 0);
    // chat.postEphemeral, Tier 4: 100, then one per 0.6 s; an unlisted method is never limited.
    for (int i = 0; i < 100; ++i) REQUIRE(limits.admit("chat.postEphemeral", "C1", t0) == 0);
    CHECK(limits.admit("chat.postEphemeral", "C1", t0) == 1);
    for (int i = 0; i < 1000; ++i) REQUIRE(limits.admit("reactions.add", "C1", t0) == 0);
}

TEST_CASE("fake Slack answers calls over the limit with 429 and counts them", "[fake_slack]") {
    FakeSlack slack;
    Client client(slack.ca_file());
    const std::string type = "application/json; charset=utf-8";
    int limited = 0;
    std::string retry_after;
    for (int i = 0; i < 3; ++i) {
        const auto res = run_bounded(
            client.ioc, api_call(&client.ctx, slack.port(), "chat.postMessage",
                                 FakeSlack::kBotToken, type, R"({"channel":"C0CREW","text":"hi"})"));
        if (res.status == 429) {
            ++limited;
            retry_after = res.retry_after;
            CHECK(res.body["error"] == "ratelimited");
        }
    }
    // Three posts in one channel within a second: the third is over the burst of two (a slow
    // machine may spread them, so at most one).
    CHECK(limited <= 1);
    CHECK(slack.rate_limited_calls() == limited);
    if (limited == 1) CHECK(retry_after == "1");
    CHECK(slack.messages("C0CREW").size() == static_cast<std::size_t>(3 - limited));

    FakeSlackOptions options;
    options.enforce_rate_limits = false;
    FakeSlack unlimited(options);
    Client other(unlimited.ca_file());
    for (int i = 0; i < 3; ++i) {
        CHECK(run_bounded(other.ioc, api_call(&other.ctx, unlimited.port(), "chat.postMessage",
                                              FakeSlack::kBotToken, type,
                                              R"({"channel":"C0CREW","text":"hi"})"))
                  .status == 200);
    }
    CHECK(unlimited.rate_limited_calls() == 0);
}
