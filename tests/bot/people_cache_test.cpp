// What the bot makes of Slack's answers about people, and what an envelope makes it ask.

#include <catch2/catch.hpp>

#include "bot/slack/envelope.hpp"
#include "bot/slack/people_cache.hpp"
#include "bot/slack/people_wanted.hpp"
#include "commands/command_table.hpp"
#include "storage/database.hpp"

using namespace ritualbot::bot::slack;
namespace storage = ritualbot::storage;

namespace {

// users.info's example answer in Slack's documentation (the user object, trimmed of its
// profile), with the team this bot is installed in.
nlohmann::json spengler() {
    return nlohmann::json::parse(R"({
        "id": "W012A3CDE", "team_id": "T012AB3C4", "name": "spengler", "deleted": false,
        "real_name": "Egon Spengler", "tz": "America/Los_Angeles", "is_admin": true,
        "is_owner": false, "is_primary_owner": false, "is_restricted": false,
        "is_ultra_restricted": false, "is_bot": false, "updated": 1502138686,
        "is_app_user": false, "has_2fa": false})");
}

Envelope slash(const std::string& command, const std::string& text, const std::string& user) {
    Envelope envelope;
    envelope.type = EnvelopeType::slash_commands;
    envelope.envelope_id = "e1";
    envelope.command = {command, text, "C1", user, "", ""};
    return envelope;
}

}  // namespace

TEST_CASE("users.info answers become roles - guests and other teams are never admins") {
    const auto admin = member_from_user(spengler(), "T012AB3C4");
    REQUIRE(admin);
    CHECK(admin->id == "W012A3CDE");
    CHECK(admin->workspace_admin);
    CHECK(admin->may_be_admin());

    auto guest = spengler();
    guest["is_restricted"] = true;
    CHECK_FALSE(member_from_user(guest, "T012AB3C4")->may_be_admin());
    auto single = spengler();
    single["is_ultra_restricted"] = true;
    CHECK(member_from_user(single, "T012AB3C4")->guest);
    CHECK(member_from_user(spengler(), "T0OTHER")->external);
    auto stranger = spengler();
    stranger["is_stranger"] = true;
    CHECK(member_from_user(stranger, "T012AB3C4")->external);
    CHECK_FALSE(member_from_user(nlohmann::json::object(), "T1"));
}

TEST_CASE("the cache keeps the last answer across restarts and asks again when it is old") {
    storage::Database db = storage::Database::open_in_memory();
    const auto t0 = PeopleCache::Clock::time_point{} + std::chrono::hours(1);
    {
        PeopleCache cache(db, {"U0LISTED"});
        cache.record_user(*member_from_user(spengler(), "T012AB3C4"), t0);
        CHECK(cache.stale({{"W012A3CDE", "U2"}, {}}, t0).users == std::vector<std::string>{"U2"});
        CHECK(cache.stale({{"W012A3CDE"}, {}}, t0 + PeopleCache::kFreshFor).users.size() == 1);
        cache.record_failure("U2", t0);
        CHECK(cache.stale({{"U2"}, {}}, t0 + PeopleCache::kRetryAfterFailure / 2).empty());
        CHECK_FALSE(cache.member("U2"));
        cache.record_usergroup("S1", {"U3"}, t0);
        CHECK(cache.usergroup_members("S1") == std::vector<std::string>{"U3"});
    }
    // A restart while Slack is down: the stored answer stands, though it is not fresh.
    PeopleCache restarted(db, {});
    REQUIRE(restarted.member("W012A3CDE"));
    CHECK(restarted.member("W012A3CDE")->workspace_admin);
    CHECK(restarted.known_workspace_admins() == std::vector<std::string>{"W012A3CDE"});
    CHECK(restarted.stale({{"W012A3CDE"}, {}}, t0).users.size() == 1);
    CHECK_FALSE(restarted.usergroup_members("S1"));
}

TEST_CASE("only commands that change something wait for Slack's answers") {
    const auto table = ritualbot::commands::make_command_table();
    const Wanted swap =
        wanted_for(slash("/captain", "config usergroup <!subteam^S1|@crew> <@U2|bo>", "U1"), table);
    CHECK(swap.users == std::vector<std::string>{"U1", "U2"});
    CHECK(swap.usergroups == std::vector<std::string>{"S1"});
    CHECK(wanted_for(slash("/captain", "who", "U1"), table).empty());
    CHECK(wanted_for(slash("/ritual", "help", "U1"), table).empty());

    Envelope mention;
    mention.type = EnvelopeType::events_api;
    mention.payload = {
        {"event",
         {{"type", "app_mention"}, {"user", "U5"}, {"text", "<@U0BOT> admins add <@U6>"}}}};
    CHECK(wanted_for(mention, table).users == std::vector<std::string>{"U5", "U0BOT", "U6"});
    Envelope reaction = mention;
    reaction.payload["event"]["type"] = "reaction_added";
    CHECK(wanted_for(reaction, table).empty());
}
