// The quarterly review end to end: generated tickets to Thu 29 Oct 2026 imported, the bot
// running on a test clock across the first Monday of 2027, the review of 2026 Q4 against Q3 posted
// at 11:00 — once, also after the bot restarts and the week goes on to the Friday review.

#include "bot_fixture.hpp"
#include "generated_tickets.hpp"

#include <algorithm>

using namespace ritualbot::testing;

namespace {

constexpr long long kMondayTenFiftyFive = 1799060100;  // 2027-01-04 10:55 UTC
constexpr long long kMondayReviewTime = 1799060430;    // 11:00:30, just after the review time
constexpr long long kFridayTenFiftyNine = 1799405940;  // 2027-01-08 10:59 UTC
constexpr long long kFridayReviewTime = 1799406030;    // 11:00:30, the weekly review's time

constexpr const char* kQuarterly = "Quarterly review, 2026 Q4 (Oct–Dec) against 2026 Q3";

long quarterly_posts(FakeSlack& slack) {
    const auto messages = slack.messages("C0CREW");
    return std::count_if(messages.begin(), messages.end(),
                         [](const auto& m) { return m.value("text", "") == kQuarterly; });
}

bool has_message(FakeSlack& slack, const std::string& text) {
    const auto messages = slack.messages("C0CREW");
    return std::any_of(messages.begin(), messages.end(),
                       [&](const auto& m) { return m.value("text", "") == text; });
}

}  // namespace

TEST_CASE("the quarterly review is posted once on the quarter's first Monday") {
    BotFixture scene;
    import_generated(scene, {});
    const std::string clock_file = scene.dir + "/clock";
    set_clock(clock_file, kMondayTenFiftyFive);
    scene.start({{"RITUALBOT_TEST_CLOCK_FILE", clock_file}});
    REQUIRE(scene.slack.wait_for_connections(1, 20s));

    set_clock(clock_file, kMondayReviewTime);
    const bool posted = eventually([&] { return quarterly_posts(scene.slack) > 0; }, 30s);
    INFO(scene.log());
    REQUIRE(posted);
    const auto messages = scene.slack.messages("C0CREW");
    const auto review = std::find_if(messages.begin(), messages.end(), [](const auto& m) {
        return m.value("text", "") == kQuarterly;
    });
    REQUIRE(review != messages.end());
    const std::string blocks = review->value("blocks", nlohmann::json()).dump();
    CHECK_THAT(blocks, Catch::Contains("*resolution*, the crew's metric: ") &&
                           Catch::Contains(" in 2026 Q4, ") && Catch::Contains(" in 2026 Q3"));

    // A restart, then the week goes on: the Friday review is posted after anything the
    // scheduler owed, and the quarterly review is still there once.
    scene.bot.reset();
    set_clock(clock_file, kFridayTenFiftyNine);
    scene.start({{"RITUALBOT_TEST_CLOCK_FILE", clock_file}});
    REQUIRE(scene.slack.wait_for_connections(2, 20s));
    set_clock(clock_file, kFridayReviewTime);
    const bool weekly = eventually(
        [&] { return has_message(scene.slack, "Weekly review, 2027-01-02 to 2027-01-08"); }, 30s);
    INFO(scene.log());
    REQUIRE(weekly);
    CHECK(quarterly_posts(scene.slack) == 1);
}
