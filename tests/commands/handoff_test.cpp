// The captain's handoff, built from open work: investigations without a cause, improvements
// due, procedures marked for update and outliers nobody picked up, next to the outgoing
// captain's note, in the change-over post; its Block Kit pinned in tests/render/.

#include <catch2/catch.hpp>

#include "commands/handoff/open_work.hpp"
#include "commands/render/crew_choice_blocks.hpp"
#include "commands/render/handoff_blocks.hpp"
#include "golden.hpp"
#include "storage/investigations.hpp"
#include "storage/outlier_records.hpp"
#include "storage/suggestions_improvements.hpp"
#include "suggestions_fixture.hpp"

using namespace ritualbot;
using ritualbot::test::utc;

namespace {

namespace handoff = commands::handoff;
namespace render = commands::render;

std::int64_t ms(std::chrono::sys_seconds at) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

storage::Investigation investigation(const std::string& id, const std::string& cause,
                                     std::chrono::sys_seconds opened) {
    return {"C0CREW", id,   "reopen_rate", "request_type", "billing", "U2",
            cause,    "U1", ms(opened),    std::nullopt,   ""};
}

storage::OutlierRecord flagged(const std::string& id, const std::string& date) {
    return {"C0CREW",
            id,
            date,
            "ticket",
            "first_response",
            "request_type",
            "billing",
            "first response 4h10m; usual 22m <slow>",
            1};
}

// The change-over post of the run that fired last.
commands::Post changeover_post(const test::CrewFixture& crew) {
    for (auto e = crew.emitted.rbegin(); e != crew.emitted.rend(); ++e) {
        if (e->key.starts_with("run:captain.changeover:")) return e->effects.posts.at(0);
    }
    FAIL("no change-over was posted");
    return {};
}

handoff::OpenWork sample_work() {
    handoff::OpenWork work;
    work.investigations = {
        {"C0CREW", "o-2026-11-20-1", "reopen rate · billing", "U2", 10, false, true}};
    work.improvements = {{"C0CREW", 4, "*#4* Better refund macro", "", "2026-11-27", true},
                         {"C0CREW", 5, "*#5* Shorter greeting", "U3", "2026-12-01", false}};
    work.procedures = {
        {"C0CREW", "refunds", "U2", "https://wiki.example/refunds", "Macro text is out of date"},
        {"C0CREW", "vip", "", "", ""}};
    work.unclaimed = {{"C0CREW", "o-2026-11-29-2", "2026-11-29", "first response · billing",
                       "first response 4h10m; usual 22m"}};
    return work;
}

}  // namespace

TEST_CASE("a handoff matches tests/render/handoff_blocks.json", "[render]") {
    render::ChangeoverView view{
        ":ship: *Captain change-over* — Mon 30 Nov\n<@U2> is captain today.",
        "*Checklist*\n• Triage the queue"};
    view.note = render::HandoffNote{"U1", "Billing queue is backed up"};
    view.work = sample_work();
    view.next = "Next: <@U1> from Tue 1 Dec.";
    test::check_rendering("handoff_blocks", render::changeover_blocks(view));
}

TEST_CASE("a handoff with nothing open says so", "[render]") {
    const nlohmann::json blocks =
        render::changeover_blocks({":ship: *Captain change-over*", "*Checklist*"});
    REQUIRE(blocks.size() == 3);
    CHECK(blocks[2]["elements"][0]["text"] == "Nothing open to hand over.");
}

TEST_CASE("the crew question matches tests/render/crew_choice_blocks.json", "[render]") {
    test::check_rendering("crew_choice_blocks",
                          render::crew_choice_blocks("Which crew is `/captain who` for?",
                                                     {{"C0CREW", "v1"}, {"C0NIGHT", "v2"}}));
}

TEST_CASE("the change-over hands over the open work with the outgoing captain's note",
          "[captain]") {
    test::SuggestFixture crew;  // Friday 27 Nov 2026, 10:00 UTC
    crew.captain("add <@U1> <@U2>");
    crew.suggest("Better refund macro");
    crew.suggest("Shorter greeting");
    crew.suggest("Far away idea");
    storage::Improvements improvements(crew.db);
    improvements.add({1, "C0CREW", "U2", "2026-11-26", "", ms(utc(2026, 11, 20, 9)), 0, "", ""});
    improvements.add({2, "C0CREW", "", "2026-12-04", "", ms(utc(2026, 11, 20, 9)), 0, "", ""});
    improvements.add({3, "C0CREW", "U1", "2026-12-20", "", ms(utc(2026, 11, 20, 9)), 0, "", ""});
    storage::Investigations investigations(crew.db);
    investigations.assign(investigation("o-2026-11-20-1", "", utc(2026, 11, 20, 9)));
    investigations.open(investigation("o-2026-11-23-1", "VPN outage", utc(2026, 11, 23, 9)));
    storage::OutlierRecords records(crew.db);
    records.insert(flagged("o-2026-11-26-1", "2026-11-26"));  // before the handoff's days
    records.insert(flagged("o-2026-11-29-1", "2026-11-29"));
    records.insert(flagged("o-2026-11-29-2", "2026-11-29"));
    investigations.assign(investigation("o-2026-11-29-2", "", utc(2026, 11, 29, 9)));
    crew.run("/playbook", "add refunds https://wiki.example/refunds");
    crew.run("/playbook", "add vip");
    CHECK_THAT(crew.run("/playbook", "mark refunds Macro text is out of date", "U2").text,
               Catch::Contains("marked `refunds` for update: Macro text is out of date"));
    crew.run("/playbook", "mark vip");
    crew.run("/playbook", "changed vip New greeting for VIPs");  // the change clears the mark
    const std::string captain =
        crew.captain("who").text.find("<@U1> is captain") != std::string::npos ? "U1" : "U2";
    crew.captain("handoff Billing queue is backed up", captain);

    crew.clock.set(utc(2026, 11, 30, 9) + std::chrono::seconds(30));  // Monday's change-over
    crew.tick();
    const commands::Post post = changeover_post(crew);
    CHECK_THAT(post.text, Catch::Contains("Checklist") && Catch::Contains("Billing queue"));
    const std::string blocks = post.blocks.dump();
    INFO(post.blocks.dump(2));
    CHECK_THAT(blocks, Catch::Contains("*Handoff from <@" + captain + ">*\\n>Billing queue"));
    CHECK_THAT(blocks, Catch::Contains("*Investigations without a cause*\\n• `o-2026-11-20-1` "
                                       "reopen rate · billing — owner <@U2>, open 10 days, no "
                                       "cause yet — *overdue*"));
    CHECK_THAT(blocks, !Catch::Contains("o-2026-11-23-1"));  // it has a cause
    CHECK_THAT(blocks, Catch::Contains("*Improvements due*\\n• *#1* Better refund macro — owner "
                                       "<@U2>, due Thu 26 Nov (*overdue*)\\n• *#2* Shorter "
                                       "greeting — owner nobody yet, due Fri 4 Dec"));
    CHECK_THAT(blocks, !Catch::Contains("Far away idea"));  // due in three weeks
    CHECK_THAT(blocks, Catch::Contains("*Procedures marked for update*\\n• "
                                       "<https://wiki.example/refunds|refunds> — owner <@U1>: "
                                       "Macro text is out of date"));
    CHECK_THAT(blocks, !Catch::Contains("`vip`"));
    // Only the outlier of the last three days that nobody investigates.
    CHECK(post.blocks.back()["type"] == "context");
    CHECK(post.blocks[post.blocks.size() - 2]["text"]["text"] ==
          "*Outliers nobody picked up*\n• `o-2026-11-29-1` first response · billing: first "
          "response 4h10m; usual 22m &lt;slow&gt;");
}

TEST_CASE("only whoever marked a procedure - its owner or an admin take the mark off",
          "[playbook]") {
    test::CrewFixture crew;
    crew.run("/playbook", "add refunds", "U2");
    crew.run("/playbook", "mark refunds", "U3");
    CHECK_THAT(crew.run("/playbook", "unmark refunds", "U4").text, Catch::Contains("admin"));
    CHECK(handoff::marked_procedures(crew.db, "C0CREW").size() == 1);
    CHECK(crew.run("/playbook", "unmark refunds", "U3").text ==
          "<@U3> took the update mark off `refunds`.");
    CHECK(handoff::marked_procedures(crew.db, "C0CREW").empty());
    CHECK_THAT(crew.run("/playbook", "unmark refunds", "U3").text,
               Catch::Contains("is not marked for update"));
    CHECK_THAT(crew.run("/playbook", "mark nosuch", "U3").text, Catch::Contains("nosuch"));
}
