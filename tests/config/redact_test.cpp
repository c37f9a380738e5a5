#include <catch2/catch.hpp>

#include <string>

#include "config/redact.hpp"

using ritualbot::config::redact;

TEST_CASE("redact keeps the type prefix and at most the last four characters") {
    CHECK(redact("xoxb-test-1234567890-abcdefghij1234") == "xoxb-…1234");
    CHECK(redact("xapp-1-test-A0123456789-0123456789-f00d") == "xapp-…f00d");
    CHECK(redact("xoxp-test-99887766554433-9f2a") == "xoxp-…9f2a");
}

TEST_CASE("redact shows only the prefix of a secret shorter than 12 characters") {
    CHECK(redact("xoxb-12345") == "xoxb-…");
    CHECK(redact("xoxb-") == "xoxb-…");
    CHECK(redact("hunter2") == "…");
    CHECK(redact("") == "…");
}

TEST_CASE("redact shows at most two characters of a secret without a type prefix") {
    CHECK(redact("0123456789abcdef") == "…ef");
    // A long word before the first '-' could be part of the secret, so it is no prefix.
    CHECK(redact("supersecretvalue-abcd") == "…cd");
    CHECK(redact("XOXB-1234567890-abcd") == "…cd");
}

TEST_CASE("redact keeps the result on one printable line") {
    CHECK(redact("xoxb-test-1234567890-ab\n") == "xoxb-…-ab\\n");
    CHECK(redact("xoxb-test-1234567890-a\r\n\t") == "xoxb-…a\\r\\n\\t");
    CHECK(redact("xoxb-test-1234567890-\x01\xff") == "xoxb-…0-\\x01\\xff");
}

TEST_CASE("redact never reveals more than prefix and four trailing characters") {
    const std::string secret = "xoxb-1111-2222-3333-abcdefghijklmnop";
    for (std::size_t n = 0; n <= secret.size(); ++n) {
        const std::string part = secret.substr(0, n);
        const std::string shown = redact(part);
        const std::string body = part.size() > 5 ? part.substr(5) : "";
        if (body.size() > 4) {
            CHECK(shown.find(body.substr(0, body.size() - 4)) == std::string::npos);
        }
        CHECK(shown.size() <= std::string{"xoxb-…"}.size() + 4);
    }
}
