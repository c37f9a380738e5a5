// What stands between a request and the bot: the v1 signature over the channel, the replay
// cache, the Host allowlist, and the escaping of request values in log lines.

#include "bot/http/host_allowlist.hpp"
#include "bot/http/replay_cache.hpp"
#include "bot/http/signature.hpp"
#include "bot/runtime/log.hpp"

#include <catch2/catch.hpp>

using namespace ritualbot::bot::http;

namespace {
constexpr const char* kSecret = "ingest-secret";
constexpr const char* kTimestamp = "1764460800";
constexpr std::int64_t kSent = 1764460800;
constexpr const char* kBody = R"([{"id":"T-1","created_at":"2026-11-30T00:00:00Z"}])";
}  // namespace

TEST_CASE("a v1 signature covers the channel: the same request for another channel fails") {
    const std::string signature = sign_request_v1(kSecret, kTimestamp, "C0CREW", kBody);
    CHECK(signature.rfind("v1=", 0) == 0);
    CHECK(signature.size() == 3 + 64);
    const ChannelRequest request{kTimestamp, signature, "C0CREW", kBody};
    CHECK(verify_channel_request(kSecret, request, kSent + 5, false) == SignatureCheck::ok);
    ChannelRequest elsewhere = request;
    elsewhere.channel = "C0OTHER";
    CHECK(verify_channel_request(kSecret, elsewhere, kSent + 5, false) == SignatureCheck::mismatch);
    CHECK(verify_channel_request("other-secret", request, kSent, false) == SignatureCheck::mismatch);
    CHECK(verify_channel_request(kSecret, request, kSent + 301, false) == SignatureCheck::stale);
}

TEST_CASE("a v0 signature is refused unless v0 is allowed, and then checked as before") {
    const std::string v0 = sign_request(kSecret, kTimestamp, kBody);
    const ChannelRequest request{kTimestamp, v0, "C0CREW", kBody};
    CHECK(verify_channel_request(kSecret, request, kSent, false) == SignatureCheck::v0_refused);
    CHECK(verify_channel_request(kSecret, request, kSent, true) == SignatureCheck::ok);
    CHECK(verify_channel_request("other", request, kSent, true) == SignatureCheck::mismatch);
    CHECK_THAT(describe(SignatureCheck::v0_refused), Catch::Contains("v1:<timestamp>:<channel>"));
}

TEST_CASE("an extreme timestamp is stale, not an overflow") {
    // now - sent overflowed a signed 64-bit integer here (UBSan reports it in build-asan).
    for (const char* extreme : {"-9223372036854775808", "9223372036854775807"}) {
        CHECK(verify_request(kSecret, extreme, "v0=00", kBody, kSent) == SignatureCheck::stale);
        const ChannelRequest request{extreme, "v1=00", "C0CREW", kBody};
        CHECK(verify_channel_request(kSecret, request, kSent, false) == SignatureCheck::stale);
    }
    CHECK(verify_request(kSecret, kTimestamp, "v0=00", kBody, INT64_MIN) == SignatureCheck::stale);
}

TEST_CASE("the replay cache refuses a signature seen within the window, and forgets it after") {
    ReplayCache cache(3, 300);
    CHECK(cache.admit("v1=aa", 1000, 1000) == ReplayCache::Outcome::fresh);
    CHECK(cache.admit("v1=aa", 1000, 1200) == ReplayCache::Outcome::replayed);
    CHECK(cache.admit("v1=bb", 1100, 1200) == ReplayCache::Outcome::fresh);
    CHECK(cache.admit("v1=cc", 1100, 1200) == ReplayCache::Outcome::fresh);
    // Full of live entries: a new one is refused rather than a live one forgotten.
    CHECK(cache.admit("v1=dd", 1200, 1200) == ReplayCache::Outcome::full);
    CHECK(cache.size() == 3);
    // Past aa's window (sent 1000 + 300) it is forgotten, which frees a place.
    CHECK(cache.admit("v1=dd", 1250, 1301) == ReplayCache::Outcome::fresh);
    CHECK(cache.size() == 3);
    CHECK(cache.admit("v1=bb", 1100, 1301) == ReplayCache::Outcome::replayed);
}

TEST_CASE("the listener answers to loopback names, its own address and the listed hosts") {
    const HostAllowlist allowed("10.0.0.7", " ritualbot , proxy.example.com:443,");
    for (const char* host : {"localhost", "LOCALHOST:8080", "localhost.", "127.0.0.1:8080", "[::1]:80",
                             "::1", "10.0.0.7:8080", "ritualbot:8080", "Proxy.Example.com"}) {
        INFO(host);
        CHECK(allowed.allows(host));
    }
    for (const char* host : {"attacker.example", "127.0.0.1.nip.io", "localhost.attacker.example", "",
                             "10.0.0.8", "[::2]:80"}) {
        INFO(host);
        CHECK_FALSE(allowed.allows(host));
    }
    Request request;
    request.headers["host"] = "rebound.example:8080";
    const auto refused = allowed.refusal(request);
    REQUIRE(refused);
    CHECK(refused->status == 421);
    CHECK_THAT(refused->body, Catch::Contains("RITUALBOT_HTTP_ALLOWED_HOSTS"));
    request.headers.erase("host");  // an HTTP/1.0 tool without Host: no browser, no rebinding
    CHECK_FALSE(allowed.refusal(request));
    CHECK(host_name_of("[::1]:8080") == "::1");
}

TEST_CASE("log values from requests cannot forge a line or drive a terminal") {
    namespace log = ritualbot::bot::log;
    CHECK(log::text_value("C0CREW") == "C0CREW");
    CHECK(log::text_value("two words") == "\"two words\"");
    CHECK(log::text_value("ok\r\n2026-11-30T00:00:00.000Z info forged=1") ==
          "\"ok\\r\\n2026-11-30T00:00:00.000Z info forged=1\"");
    CHECK(log::text_value("\x1b[31mred\x1b[0m") == "\"\\x1b[31mred\\x1b[0m\"");
    CHECK(log::text_value("tab\there\x7f") == "\"tab\\there\\x7f\"");
    CHECK(log::text_value("a\\b") == "\"a\\\\b\"");
}
