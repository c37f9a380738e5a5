#include "bot/http/signature.hpp"

#include <catch2/catch.hpp>

using namespace ritualbot::bot::http;

namespace {
// Slack's documented request-signing example (api.slack.com/authentication/verifying-requests).
constexpr const char* kSecret = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr const char* kTimestamp = "1531420618";
constexpr const char* kBody =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
    "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
    "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%"
    "2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
    "803a0bc887a14d10d2c447fce8b6703c";
constexpr const char* kSignature =
    "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
}  // namespace

TEST_CASE("signing reproduces Slack's published example") {
    CHECK(sign_request(kSecret, kTimestamp, kBody) == kSignature);
}

TEST_CASE("verification accepts a fresh correct signature and refuses everything else") {
    const std::int64_t sent = 1531420618;
    CHECK(verify_request(kSecret, kTimestamp, kSignature, kBody, sent + 10) == SignatureCheck::ok);
    CHECK(verify_request(kSecret, kTimestamp, kSignature, kBody, sent - 299) == SignatureCheck::ok);
    CHECK(verify_request(kSecret, kTimestamp, kSignature, kBody, sent + 301) == SignatureCheck::stale);
    CHECK(verify_request(kSecret, kTimestamp, kSignature, std::string(kBody) + "x", sent) ==
          SignatureCheck::mismatch);
    CHECK(verify_request("another-secret", kTimestamp, kSignature, kBody, sent) ==
          SignatureCheck::mismatch);
    CHECK(verify_request(kSecret, kTimestamp, "v0=abc", kBody, sent) == SignatureCheck::mismatch);
    CHECK(verify_request(kSecret, "", kSignature, kBody, sent) == SignatureCheck::missing);
    CHECK(verify_request(kSecret, kTimestamp, "", kBody, sent) == SignatureCheck::missing);
    CHECK(verify_request(kSecret, "15314x0618", kSignature, kBody, sent) ==
          SignatureCheck::malformed_timestamp);
    CHECK_THAT(describe(SignatureCheck::mismatch), Catch::Contains("HMAC-SHA256"));
}
