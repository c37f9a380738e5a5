// The Web API client against the emulator over loopback TLS: Slack's answers become typed
// results, 429s are waited out, transient failures retried, cursors followed.

#include "bot/slack/tls.hpp"
#include "bot/slack/web_api_client.hpp"
#include "fake_slack.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <catch2/catch.hpp>

using namespace ritualbot::bot::slack;
using ritualbot::testing::FailureSpec;
using ritualbot::testing::FakeSlack;

namespace {

struct ApiScene {
    FakeSlack slack;
    boost::asio::io_context io;
    boost::asio::ssl::context tls = make_client_tls_context(slack.ca_file());
    WebApiClient client{io.get_executor(), tls, *ritualbot::config::parse_url(slack.api_url()),
                        FakeSlack::kBotToken};

    ApiResult run(boost::asio::awaitable<ApiResult> call) {
        auto result = boost::asio::co_spawn(io, std::move(call), boost::asio::use_future);
        io.run_for(std::chrono::seconds(20));
        io.restart();
        REQUIRE(result.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
        return result.get();
    }
};

}  // namespace

TEST_CASE("ok answers, Slack errors and token errors are told apart") {
    ApiScene scene;
    const ApiResult identity = scene.run(scene.client.call("auth.test", nlohmann::json::object()));
    CHECK(identity.ok());
    CHECK(identity.body["user_id"] == FakeSlack::kBotUserId);

    const ApiResult no_channel = scene.run(scene.client.call("chat.postMessage", {{"text", "hi"}}));
    CHECK(no_channel.kind == ApiErrorKind::slack_error);
    CHECK(no_channel.error == "channel_not_found");
    CHECK_FALSE(no_channel.retryable());

    WebApiClient wrong_token{scene.io.get_executor(), scene.tls,
                             *ritualbot::config::parse_url(scene.slack.api_url()), "xoxb-wrong"};
    const ApiResult refused = scene.run(wrong_token.call("auth.test", nlohmann::json::object()));
    CHECK(refused.kind == ApiErrorKind::auth);
    // Keep-alive: several calls, one connection's worth of TLS handshakes is enough.
    CHECK(scene.slack.calls("auth.test").size() == 2);
}

TEST_CASE("call_with_retries waits out a 429's Retry-After and retries 5xx") {
    ApiScene scene;
    scene.slack.fail_next("chat.postMessage", FailureSpec{429, 1, R"({"ok":false,"error":"ratelimited"})", 1});
    const auto started = std::chrono::steady_clock::now();
    const ApiResult posted = scene.run(
        scene.client.call_with_retries("chat.postMessage", {{"channel", "C0CREW"}, {"text", "hi"}}));
    CHECK(posted.ok());
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::seconds(1));
    const auto calls = scene.slack.calls("chat.postMessage");
    REQUIRE(calls.size() == 2);
    CHECK(calls[0].http_status == 429);

    scene.slack.fail_next("auth.test", FailureSpec{500, 0, "oops", 2});
    const ApiResult recovered = scene.run(scene.client.call_with_retries("auth.test", nlohmann::json::object()));
    CHECK(recovered.ok());
    CHECK(scene.slack.calls("auth.test").size() == 3);

    scene.slack.fail_next("auth.test", FailureSpec{503, 0, "down", 10});
    const ApiResult gave_up = scene.run(scene.client.call_with_retries("auth.test", nlohmann::json::object(), 2));
    CHECK(gave_up.kind == ApiErrorKind::transient);
    CHECK(gave_up.error == "HTTP 503");
}

TEST_CASE("paginate follows next_cursor until it is empty") {
    ApiScene scene;
    const ApiResult members = scene.run(scene.client.paginate(
        "conversations.members", {{"channel", "C0CREW"}, {"limit", 2}}, "members"));
    REQUIRE(members.ok());
    CHECK(members.body["members"].size() >= 3);
    CHECK(members.body["members"][0] == FakeSlack::kBotUserId);
    const auto calls = scene.slack.calls("conversations.members");
    CHECK(calls.size() == (members.body["members"].size() + 1) / 2);
    CHECK_FALSE(calls[0].args.contains("cursor"));
    CHECK(calls[1].args["cursor"] == "2");
}

namespace {

Download run_download(ApiScene& scene, WebApiClient& client, const std::string& url,
                      std::size_t max_bytes) {
    auto result = boost::asio::co_spawn(scene.io, client.download(url, max_bytes),
                                        boost::asio::use_future);
    scene.io.run_for(std::chrono::seconds(20));
    scene.io.restart();
    REQUIRE(result.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
    return result.get();
}

}  // namespace

TEST_CASE("download fetches a private file with the token - and only from Slack's host") {
    ApiScene scene;
    const nlohmann::json file = scene.slack.upload_file("tickets.csv", "id,created_at\n");
    const std::string url = file.at("url_private_download");
    const Download fetched = run_download(scene, scene.client, url, 1000);
    CHECK(fetched.ok());
    CHECK(fetched.body == "id,created_at\n");
    CHECK(fetched.content_type == "text/csv");
    const auto downloads = scene.slack.calls("files.download");
    REQUIRE(downloads.size() == 1);
    CHECK(downloads[0].authorization == std::string("Bearer ") + FakeSlack::kBotToken);

    // The fake refuses a download without the bot token, as Slack shows its sign-in page.
    WebApiClient wrong_token{scene.io.get_executor(), scene.tls,
                             *ritualbot::config::parse_url(scene.slack.api_url()), "xoxb-wrong"};
    const Download refused = run_download(scene, wrong_token, url, 1000);
    CHECK_FALSE(refused.ok());
    CHECK_THAT(refused.error, Catch::Contains("HTTP 403") && Catch::Contains("files:read"));
    CHECK(refused.body.empty());

    const Download too_large = run_download(scene, scene.client, url, 5);
    CHECK(too_large.too_large);

    // Another host never gets the token: refused before any connection.
    const Download elsewhere =
        run_download(scene, scene.client, "https://files.example.com/tickets.csv", 1000);
    CHECK_THAT(elsewhere.error, Catch::Contains("not sent elsewhere"));
    const Download plain = run_download(
        scene, scene.client,
        std::string("http://127.0.0.1:").append(std::to_string(scene.slack.port())).append("/x"),
        1000);
    CHECK_THAT(plain.error, Catch::Contains("over HTTPS"));
    CHECK(scene.slack.calls("files.download").size() == 3);
}
