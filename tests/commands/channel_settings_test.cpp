// The table of channel settings (commands/channel/setting_keys) through the real command
// table: every key round-trips through `/ritual config set` and `show`, bad keys and bad values
// change nothing, and the per-ritual shortcuts reach the same settings.

#include <catch2/catch.hpp>

#include "captain_fixture.hpp"
#include "commands/channel/setting_keys.hpp"
#include "storage/channel_settings.hpp"
#include "storage/suggestions_settings.hpp"

namespace rc = ritualbot::commands;
using Catch::Contains;
using ritualbot::test::CrewFixture;

namespace {

struct KeyCase {
    std::string key;
    std::string value;      // as typed
    std::string read;       // as read back
    std::string bad_value;  // refused
    std::string bad_error;  // the key's own error for it
};

// One row per key: a test that fails when a key is added without its case here.
const std::vector<KeyCase> kCases = {
    {"tz", "Europe/Berlin", "Europe/Berlin", "Mars/Base", "is not a time zone"},
    {"metric", "first_response", "first_response", "happiness", "is not a crew metric"},
    {"captain.period", "weekly", "weekly", "hourly", "`daily` or `weekly`"},
    {"captain.days", "sun-thu", "Sun–Thu", "funday", "not a set of days"},
    {"captain.time", "08:30", "08:30", "25:00", "not a time of day"},
    {"captain.usergroup", "<!subteam^S1|@captains>", "<!subteam^S1>", "captains", "or say `none`"},
    {"digest.time", "07:45", "07:45 UTC", "7h", "not a time of day"},
    {"review.time", "mon 09:30", "Mon 09:30 UTC", "someday 11:00", "is not a day"},
    {"review.quarter", "tue 10:00", "first Tue of the quarter, 10:00 UTC", "someday 11:00",
     "is not a day"},
    {"digest.flag", "repeat_info Asked-Twice", "repeat_info `Asked-Twice`, policy_exception none",
     "happiness vip", "The flags are `repeat_info` and `policy_exception`"},
    {"digest.selfservice", "bot", "`bot`", "a;b", "has no `;`"},
    {"suggest.votes", "5", "5", "0", "out of range"},
    {"suggest.live", "on", "on", "maybe", "`on` or `off`"},
    {"suggest.call", "thu 11:00", "Thu 11:00", "someday 11:00", "is not a day"},
    {"suggest.open", "fri 14:00", "Fri 14:00", "fri 26:00", "not a time of day"},
    {"suggest.close", "mon 09:30", "Mon 09:30", "mon", "a day and a time"},
    {"suggest.due", "14", "14 days", "91", "out of range"},
};

std::string read(CrewFixture& crew, const std::string& key) {
    return rc::find_setting_key(key)->read(crew.db, "C0CREW");
}

}  // namespace

TEST_CASE("every setting key has a round trip case", "[settings]") {
    std::vector<std::string> keys;
    for (const rc::SettingKey& key : rc::setting_keys()) keys.push_back(key.name);
    std::vector<std::string> covered;
    for (const KeyCase& c : kCases) covered.push_back(c.key);
    CHECK(keys == covered);
}

TEST_CASE("every key is set and shown through /ritual config", "[settings]") {
    for (const KeyCase& c : kCases) {
        INFO(c.key);
        CrewFixture crew;
        crew.people.usergroups["S1"] = {"U1"};  // U1 may give the group it is in to the captain
        const std::string before = read(crew, c.key);
        CHECK(before != c.read);
        CHECK_THAT(crew.run("/ritual", "config show").text,
                   Contains("• `" + c.key + "` " + before + " _(default)_"));

        const rc::Reply set = crew.run("/ritual", "config set " + c.key + " " + c.value);
        CHECK(set.visibility == rc::Visibility::in_channel);
        CHECK_THAT(set.text, Contains("<@U1> set `" + c.key + "` to "));
        CHECK(read(crew, c.key) == c.read);
        CHECK_THAT(crew.run("/ritual", "config show").text,
                   Contains("• `" + c.key + "` " + c.read + " _(set by <@U1> 2026-11-27 "));
        CHECK(crew.count("SELECT COUNT(*) FROM audit_log WHERE action = 'config." + c.key + "'") ==
              1);
    }
}

TEST_CASE("a bad value gets the key's own error and changes nothing", "[settings]") {
    for (const KeyCase& c : kCases) {
        INFO(c.key);
        CrewFixture crew;
        crew.people.usergroups["S1"] = {"U1"};  // U1 may give the group it is in to the captain
        const std::string before = read(crew, c.key);
        const rc::Reply refused = crew.run("/ritual", "config set " + c.key + " " + c.bad_value);
        CHECK(refused.visibility == rc::Visibility::ephemeral);
        CHECK_THAT(refused.text, Contains(c.bad_error) &&
                                     Contains("Usage: `/ritual config show | set KEY VALUE"));
        CHECK_THAT(crew.run("/ritual", "config set " + c.key).text, Contains("Usage:"));
        CHECK(read(crew, c.key) == before);
        CHECK(crew.count("SELECT COUNT(*) FROM audit_log") == 0);  // nobody even became admin
        CHECK(crew.count("SELECT COUNT(*) FROM setting_changes") == 0);
    }
}

TEST_CASE("an unknown key lists the keys and changes nothing", "[settings]") {
    CrewFixture crew;
    const rc::Reply reply = crew.run("/ritual", "config set colour red");
    CHECK_THAT(reply.text, Contains("\"colour\" is not a setting. Settings: `tz`, `metric`, "
                                    "`captain.period`") &&
                               Contains("`suggest.due`"));
    CHECK_THAT(crew.run("/ritual", "config set <@U2> red").text, Contains("is not a setting"));
    CHECK(crew.count("SELECT COUNT(*) FROM audit_log") == 0);
}

TEST_CASE("only admins change settings and a refusal changes nothing", "[settings]") {
    CrewFixture crew;
    REQUIRE(crew.run("/ritual", "config set metric recontact_rate").visibility ==
            rc::Visibility::in_channel);  // U1 is an admin (RITUALBOT_ADMINS)
    CHECK(crew.run("/ritual", "config set metric low_csat_rate", "U2").text ==
          "Sorry, only admins can change the channel's settings. Ask <@U1> or a workspace admin.");
    CHECK(read(crew, "metric") == "recontact_rate");
    CHECK_THAT(crew.run("/ritual", "config show", "U2").text,
               Contains("• `metric` recontact_rate _(set by <@U1>"));
}

TEST_CASE("the shortcuts and the dotted keys reach the same settings", "[settings]") {
    CrewFixture crew;
    namespace st = ritualbot::storage;
    crew.captain("config period weekly");
    CHECK(read(crew, "captain.period") == "weekly");
    crew.run("/ritual", "config set captain.period daily");
    CHECK(st::ChannelSettingsStore(crew.db).get("C0CREW").captain_period ==
          st::CaptainPeriod::daily);

    crew.run("/suggest", "config votes 7");
    CHECK(read(crew, "suggest.votes") == "7");
    crew.run("/ritual", "config set suggest.votes 2");
    CHECK(st::SuggestionSettingsStore(crew.db).get("C0CREW").votes_per_person == 2);
    CHECK_THAT(crew.run("/suggest", "config").text,
               Contains("• `suggest.votes` 2 _(set by <@U1>") && !Contains("captain.period"));

    crew.run("/outliers", "config time 06:00");
    CHECK(read(crew, "digest.time") == "06:00 UTC");
    crew.run("/ritual", "config set digest.time default");
    CHECK_THAT(read(crew, "digest.time"), Contains("15 minutes after"));

    // The zone is the crew's, whichever ritual it uses, and the shortcuts take it too.
    crew.run("/suggest", "config tz Asia/Tokyo");
    CHECK(read(crew, "tz") == "Asia/Tokyo");
    CHECK(crew.run("/ritual", "config metric first_response").text ==
          "<@U1> set `metric` to first_response.");
    CHECK(crew.count("SELECT COUNT(*) FROM setting_changes") == 5);
}

TEST_CASE("a crew that uses only suggestions sets its time zone", "[settings]") {
    CrewFixture crew;
    crew.run("/suggest", "Checklist for refunds", "U2");
    CHECK(crew.run("/ritual", "config set tz America/New_York").text ==
          "<@U1> set `tz` to America/New_York.");
    CHECK(ritualbot::storage::ChannelSettingsStore(crew.db).get("C0CREW").time_zone ==
          "America/New_York");
    CHECK(crew.count("SELECT COUNT(*) FROM captain_roster") == 0);
}
