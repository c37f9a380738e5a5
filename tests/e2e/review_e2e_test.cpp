// The weekly review end to end: generated tickets imported, the review posted on Friday at
// 11:00 and its trend picture uploaded with Slack's file API in order (an upload URL, the
// bytes to it, the upload completed into the channel), where it is shared with its alt text.

#include "bot_fixture.hpp"
#include "generated_tickets.hpp"

#include <algorithm>
#include <sstream>

using namespace ritualbot::testing;

namespace {

constexpr long long kFridayTenFiftyFive = 1793357700;  // 2026-10-30 10:55 UTC
constexpr long long kFridayReviewTime = 1793358030;    // 11:00:30, just after the review time

}  // namespace

TEST_CASE("the Friday review posts and shares its trend picture through the upload calls") {
    BotFixture scene;
    import_generated(scene, {});
    const std::string clock_file = scene.dir + "/clock";
    set_clock(clock_file, kFridayTenFiftyFive);
    scene.start({{"RITUALBOT_TEST_CLOCK_FILE", clock_file}});
    INFO(scene.log());
    REQUIRE(scene.slack.wait_for_connections(1, 20s));

    set_clock(clock_file, kFridayReviewTime);
    REQUIRE(scene.slack.wait_for_calls("files.completeUploadExternal", 1, 20s));

    std::vector<std::string> order;
    for (const ApiCall& call : scene.slack.calls()) {
        if (call.method.rfind("files.", 0) == 0) order.push_back(call.method);
    }
    CHECK(order == std::vector<std::string>{"files.getUploadURLExternal", "files.upload_bytes",
                                            "files.completeUploadExternal"});
    const ApiCall asked = scene.slack.calls("files.getUploadURLExternal").at(0);
    CHECK(asked.args["filename"] == "trend-2026-10-30.png");
    CHECK_THAT(asked.args["alt_txt"].get<std::string>(), Catch::Contains("resolution: "));
    const ApiCall uploaded = scene.slack.calls("files.upload_bytes").at(0);
    CHECK(uploaded.http_status == 200);
    CHECK(uploaded.args["bytes"].dump() == asked.args["length"].get<std::string>());
    CHECK(uploaded.authorization.empty());  // the signed URL needs no token
    CHECK(scene.slack.calls("files.completeUploadExternal").at(0).response["ok"] == true);
    CHECK(scene.slack.calls("files.upload").empty());

    // The review's post first, then the picture shared into the channel.
    const auto messages = scene.slack.messages("C0CREW");
    const auto review = std::find_if(messages.begin(), messages.end(), [](const auto& m) {
        return m.value("text", "") == "Weekly review, 2026-10-24 to 2026-10-30";
    });
    REQUIRE(review != messages.end());
    const auto shared =
        std::find_if(review, messages.end(), [](const auto& m) { return m.contains("files"); });
    REQUIRE(shared != messages.end());
    const nlohmann::json& file = (*shared)["files"][0];
    CHECK(file["mimetype"] == "image/png");
    CHECK(file["title"] == "Leading indicators to 2026-10-30");
    CHECK_THAT(file["alt_txt"].get<std::string>(), Catch::Contains("Weekly trend, 8 weeks"));
    CHECK(scene.log().find("/upload/v1/") == std::string::npos);  // the signed URL is not logged
}

// files.completeUploadExternal failing once: before Slack shared the picture (an internal
// error: the row is retried), or after it did (the answer lost, as on a timeout). Either way
// the channel shows the picture once.
TEST_CASE("a picture whose upload completion fails once is shown once") {
    const bool after_commit = GENERATE(false, true);
    INFO((after_commit ? "failed after sharing" : "failed before sharing"));
    BotFixture scene;
    import_generated(scene, {});
    const std::string clock_file = scene.dir + "/clock";
    set_clock(clock_file, kFridayTenFiftyFive);
    scene.slack.fail_next("files.completeUploadExternal",
                          {500, 0, R"({"ok":false,"error":"internal_error"})", 1, after_commit});
    scene.start({{"RITUALBOT_TEST_CLOCK_FILE", clock_file}});
    REQUIRE(scene.slack.wait_for_connections(1, 20s));

    set_clock(clock_file, kFridayReviewTime);
    const auto chart_sent = [&] {
        std::istringstream log(scene.log());
        for (std::string line; std::getline(log, line);) {
            if (line.find("outbox.sent") != std::string::npos &&
                line.find("chart.upload") != std::string::npos)
                return true;
        }
        return false;
    };
    const bool sent = eventually(chart_sent, 30s);
    INFO(scene.log());
    REQUIRE(sent);
    const auto messages = scene.slack.messages("C0CREW");
    CHECK(std::count_if(messages.begin(), messages.end(), [](const auto& m) {
              return m.contains("files") && m["files"][0]["name"] == "trend-2026-10-30.png";
          }) == 1);
    // Before sharing, the retry completes the upload; after, it finds the picture shared.
    CHECK(scene.slack.calls("files.completeUploadExternal").size() == (after_commit ? 1 : 2));
}
