#include <catch2/catch.hpp>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "config/manifest.hpp"

using nlohmann::json;

namespace {

// Slack counts characters, not bytes.
std::size_t chars(const std::string& utf8) {
    std::size_t n = 0;
    for (const char c : utf8) {
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }
    return n;
}

json manifest() { return json::parse(ritualbot::config::manifest_json()); }

bool has_key_anywhere(const json& value, const std::string& needle) {
    if (value.is_object()) {
        for (const auto& [key, child] : value.items()) {
            if (key.find(needle) != std::string::npos || has_key_anywhere(child, needle)) {
                return true;
            }
        }
    } else if (value.is_array()) {
        for (const json& child : value) {
            if (has_key_anywhere(child, needle)) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace

TEST_CASE("the manifest parses and describes a Socket Mode app") {
    const json m = manifest();
    CHECK(m["_metadata"]["major_version"] == 1);
    CHECK(m["_metadata"]["minor_version"] == 1);
    CHECK(m["display_information"]["name"] == "Support Rituals");
    CHECK(m["features"]["app_home"]["home_tab_enabled"] == true);
    CHECK(m["features"]["app_home"]["messages_tab_enabled"] == true);
    CHECK(m["features"]["app_home"]["messages_tab_read_only_enabled"] == false);
    CHECK(m["features"]["bot_user"]["display_name"] == "ritualbot");
    CHECK(m["features"]["bot_user"]["always_online"] == true);
    CHECK(m["settings"]["socket_mode_enabled"] == true);
    CHECK(m["settings"]["interactivity"]["is_enabled"] == true);
    CHECK(m["settings"]["org_deploy_enabled"] == false);
    CHECK(m["settings"]["token_rotation_enabled"] == false);
    // Socket Mode needs no public endpoints.
    CHECK_FALSE(has_key_anywhere(m, "url"));
}

TEST_CASE("the manifest has the six slash commands escaped and the four message shortcuts") {
    const json m = manifest();
    std::set<std::string> commands;
    for (const json& command : m["features"]["slash_commands"]) {
        commands.insert(command["command"].get<std::string>());
        CHECK(command["should_escape"] == true);
        CHECK_FALSE(command["description"].get<std::string>().empty());
        CHECK_FALSE(command["usage_hint"].get<std::string>().empty());
    }
    CHECK(commands ==
          std::set<std::string>{"/captain", "/suggest", "/outliers", "/playbook", "/incident",
                                "/ritual"});
    const json& shortcuts = m["features"]["shortcuts"];
    REQUIRE(shortcuts.size() == 4);
    CHECK(shortcuts[0]["type"] == "message");
    CHECK(shortcuts[0]["callback_id"] == "suggest_from_message");
    CHECK(shortcuts[1]["type"] == "message");
    CHECK(shortcuts[1]["name"] == "Import tickets");
    CHECK(shortcuts[1]["callback_id"] == "import_tickets");
    CHECK(shortcuts[2]["type"] == "message");
    CHECK(shortcuts[2]["callback_id"] == "playbook_customer_voice");
    CHECK(shortcuts[3]["type"] == "message");
    CHECK(shortcuts[3]["name"] == "Add to incident timeline");
    CHECK(shortcuts[3]["callback_id"] == "incident_timeline_note");
}

TEST_CASE("the manifest requests the scopes and events the bot uses") {
    const json m = manifest();
    const auto scopes = m["oauth_config"]["scopes"]["bot"].get<std::set<std::string>>();
    for (const char* scope :
         {"commands", "chat:write", "chat:write.public", "app_mentions:read", "reactions:read",
          "reactions:write", "users:read", "usergroups:write", "usergroups:read", "channels:read",
          "groups:read", "channels:history", "groups:history", "im:write", "im:history",
          "im:read", "files:write", "files:read"}) {
        CHECK(scopes.count(scope) == 1);
    }
    CHECK(scopes.size() == 18);
    const auto events =
        m["settings"]["event_subscriptions"]["bot_events"].get<std::set<std::string>>();
    CHECK(events == std::set<std::string>{"app_mention", "app_home_opened",
                                          "member_joined_channel", "member_left_channel",
                                          "channel_left", "group_left", "reaction_added",
                                          "reaction_removed", "message.im"});
}

TEST_CASE("the manifest respects Slack's limits") {
    const json m = manifest();
    CHECK(chars(m["display_information"]["name"]) <= 35);
    CHECK(chars(m["display_information"]["description"]) <= 140);
    CHECK(chars(m["features"]["bot_user"]["display_name"]) <= 80);
    const json& commands = m["features"]["slash_commands"];
    CHECK(commands.size() <= 50);
    for (const json& command : commands) {
        const auto name = command["command"].get<std::string>();
        INFO(name);
        CHECK(name.starts_with("/"));
        CHECK(chars(name) >= 2);
        CHECK(chars(name) <= 32);
        CHECK(chars(command["description"]) <= 2000);
        CHECK(chars(command["usage_hint"]) <= 1000);
    }
    const json& shortcuts = m["features"]["shortcuts"];
    CHECK(shortcuts.size() <= 10);
    for (const json& shortcut : shortcuts) {
        CHECK(chars(shortcut["name"]) <= 24);
        CHECK(chars(shortcut["callback_id"]) <= 255);
        CHECK(chars(shortcut["description"]) <= 150);
        CHECK((shortcut["type"] == "message" || shortcut["type"] == "global"));
    }
    CHECK(m["settings"]["event_subscriptions"]["bot_events"].size() <= 100);
}
