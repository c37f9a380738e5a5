#include <catch2/catch.hpp>

#include <string>

#include "config/url.hpp"

using ritualbot::config::parse_host_port;
using ritualbot::config::parse_url;

TEST_CASE("parse_url splits valid URLs and fills in default ports") {
    struct Row {
        const char* text;
        const char* scheme;
        const char* host;
        const char* port;
        const char* path;
    };
    const Row rows[] = {
        {"https://slack.com/api/", "https", "slack.com", "443", "/api/"},
        {"http://127.0.0.1:8080/api/", "http", "127.0.0.1", "8080", "/api/"},
        {"wss://wss-primary.slack.com/link/?ticket=abc&app_id=A1", "wss", "wss-primary.slack.com",
         "443", "/link/?ticket=abc&app_id=A1"},
        {"ws://localhost", "ws", "localhost", "80", "/"},
        {"https://example.com?x=1", "https", "example.com", "443", "/?x=1"},
        {"https://[::1]:8443/api/", "https", "::1", "8443", "/api/"},
        {"wss://[fe80::1]/socket", "wss", "fe80::1", "443", "/socket"},
        {"HTTPS://Slack.com/api/", "https", "Slack.com", "443", "/api/"},
        {"https://slack.com/api/#frag", "https", "slack.com", "443", "/api/"},
        {"https://host:0443/", "https", "host", "443", "/"},
        {"http://10.0.0.255:65535/x", "http", "10.0.0.255", "65535", "/x"},
    };
    for (const Row& row : rows) {
        INFO(row.text);
        const auto url = parse_url(row.text);
        REQUIRE(url);
        CHECK(url->scheme == row.scheme);
        CHECK(url->host == row.host);
        CHECK(url->port == row.port);
        CHECK(url->path == row.path);
    }
}

TEST_CASE("parse_url rejects what the bot could not connect to") {
    const char* rows[] = {
        "",
        "slack.com/api/",
        "ftp://slack.com/",
        "https://",
        "https:///api/",
        "https://:443/",
        "https://slack.com:/",
        "https://slack.com:0/",
        "https://slack.com:65536/",
        "https://slack.com:http/",
        "https://slack.com:99999999/",
        "https://user:pass@slack.com/",
        "https://[::1/",
        "https://[]/",
        "https://[not-v6]/",
        "https://999.1.1.1/",
        "https://1.2.3/",
        "https://a..b/",
        "https://sla ck.com/",
        "https://slack.com/api/\n",
        " https://slack.com/",
    };
    for (const char* text : rows) {
        INFO(text);
        CHECK_FALSE(parse_url(text));
    }
}

TEST_CASE("parse_host_port accepts host:port, including IPv6 and port 0") {
    const auto v4 = parse_host_port("127.0.0.1:8080");
    REQUIRE(v4);
    CHECK(v4->host == "127.0.0.1");
    CHECK(v4->port == "8080");
    const auto v6 = parse_host_port("[::1]:0");
    REQUIRE(v6);
    CHECK(v6->host == "::1");
    CHECK(v6->port == "0");
    CHECK(parse_host_port("localhost:9000"));

    for (const char* bad : {"", "8080", ":8080", "127.0.0.1", "127.0.0.1:", "host:port",
                            "::1:8080", "[::1]", "127.0.0.1:70000", "a b:80"}) {
        INFO(bad);
        CHECK_FALSE(parse_host_port(bad));
    }
}
