// `/outliers source …`: admins add, set and remove a channel's helpdesk sources; anyone lists.

#include <catch2/catch.hpp>

#include "commands/outliers/outliers_command.hpp"
#include "people_fixture.hpp"
#include "storage/helpdesk_sources.hpp"
#include "support/test_database.hpp"

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using Catch::Contains;

namespace {

struct Fixture {
    rs::Database db = ritualbot::test::test_database();
    rc::ManualClock clock{std::chrono::sys_days{std::chrono::year{2026} / 11 / 30}};
    ritualbot::test::TestPeople people;  // U1 is an admin everywhere (RITUALBOT_ADMINS)
    rc::Context context{&db, clock, &people};
    rc::CommandTable table;

    Fixture() { table.add(rc::make_outliers_command()); }

    rc::Reply run(const std::string& text, const std::string& user = "U1") {
        rc::Request request;
        request.command = "/outliers";
        request.text = text;
        request.channel_id = "C0CREW";
        request.user_id = user;
        return table.dispatch(request, context);
    }
};

}  // namespace

TEST_CASE("an admin adds a Zendesk source and the list shows it") {
    Fixture f;
    const rc::Reply added = f.run("source add zendesk <https://ACME.zendesk.com/>");
    CHECK(added.visibility == rc::Visibility::in_channel);
    CHECK_THAT(added.text, Contains("https://acme.zendesk.com"));
    CHECK_THAT(added.text, Contains("90 days"));
    const auto source = rs::HelpdeskSources(f.db).find("C0CREW", "zendesk");
    REQUIRE(source.has_value());
    CHECK(source->base_url == "https://acme.zendesk.com");
    CHECK(source->added_by == "U1");

    const rc::Reply listed = f.run("source list", "U2");
    CHECK_THAT(listed.text, Contains("first sync under way"));
    CHECK_THAT(listed.text, Contains("last success: never"));
}

TEST_CASE("bad source input gets a clear error and changes nothing") {
    Fixture f;
    CHECK_THAT(f.run("source add zendesk http://acme.zendesk.com").text, Contains("https://"));
    CHECK_THAT(f.run("source add kayako https://acme.kayako.com").text, Contains("`zendesk`"));
    CHECK_THAT(f.run("source add zendesk https://acme.zendesk.com 0").text, Contains("days"));
    CHECK_THAT(f.run("source set zendesk request_type field:1").text,
               Contains("no Zendesk source"));
    CHECK(rs::HelpdeskSources(f.db).all().empty());
}

TEST_CASE("the request type rule and the spacing are set per source") {
    Fixture f;
    f.run("source add freshdesk https://acme.freshdesk.com 30");
    CHECK_THAT(f.run("source set freshdesk request_type field:cf_type").text, Contains("cf_type"));
    CHECK_THAT(f.run("source set freshdesk request_type column:2").text, Contains("tag-prefix"));
    CHECK_THAT(f.run("source set freshdesk spacing 50").text, Contains("50 ms"));
    const auto source = rs::HelpdeskSources(f.db).find("C0CREW", "freshdesk");
    CHECK(source->request_type_rule == "field:cf_type");
    CHECK(source->spacing_ms == 50);
}

TEST_CASE("only admins change sources and sync makes them due now") {
    Fixture f;
    f.run("source add zendesk https://acme.zendesk.com");  // U1 becomes the first admin
    CHECK_THAT(f.run("source remove zendesk", "U2").text, Contains("only"));
    rs::HelpdeskSources(f.db).schedule("C0CREW", "zendesk", 1'000'000);
    CHECK_THAT(f.run("source sync", "U2").text, Contains("starts within"));
    CHECK(rs::HelpdeskSources(f.db).find("C0CREW", "zendesk")->next_poll_at == 0);
    CHECK_THAT(f.run("source remove zendesk").text, Contains("no longer polled"));
    CHECK_THAT(f.run("source sync").text, Contains("no ticket source"));
}
