#include "bot/slack/web_api_client.hpp"

#include <catch2/catch.hpp>

using namespace ritualbot::bot::slack;

TEST_CASE("write methods send JSON, every other method form fields") {
    CHECK(sends_json_body("chat.postMessage"));
    CHECK(sends_json_body("chat.update"));
    CHECK(sends_json_body("views.open"));
    CHECK(sends_json_body("usergroups.users.update"));
    CHECK_FALSE(sends_json_body("auth.test"));
    CHECK_FALSE(sends_json_body("conversations.history"));
    CHECK_FALSE(sends_json_body("apps.connections.open"));
}

TEST_CASE("form encoding escapes reserved bytes and nests JSON values as strings") {
    CHECK(form_encode(nlohmann::json::object()).empty());
    CHECK(form_encode({{"channel", "C1"}}) == "channel=C1");
    CHECK(form_encode({{"text", "a b&c=d/é"}}) == "text=a%20b%26c%3Dd%2F%C3%A9");
    CHECK(form_encode({{"limit", 200}, {"full", true}}) == "full=true&limit=200");
    CHECK(form_encode({{"blocks", {{{"type", "divider"}}}}}) ==
          "blocks=%5B%7B%22type%22%3A%22divider%22%7D%5D");
}
