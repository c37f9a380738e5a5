// Commands typed where no crew is: the words of a mention or a DM picked by the command table,
// and a DM's command placed on the person's crew (the roster that lists them, the channel where
// they last used the bot), or a question with a button per crew.

#include <catch2/catch.hpp>

#include "captain_fixture.hpp"
#include "commands/crew_placement.hpp"
#include "commands/render/ids.hpp"
#include "commands/replies.hpp"
#include "storage/captain_roster.hpp"
#include "storage/channel_pauses.hpp"

using namespace ritualbot;
using ritualbot::test::CrewFixture;

namespace {

commands::Request words(const commands::CommandTable& table, std::string_view text,
                        std::string channel = "C0CREW") {
    return table.request_from_words(text, {{}, {}, std::move(channel), "U2", "T1"});
}

// What a DM's command comes to: the reply that asks (or refuses), or nullopt with the request
// placed on a crew.
struct Placed {
    std::optional<commands::Reply> reply;
    commands::Request request;
};

Placed place(CrewFixture& crew, std::string command, std::string text, std::string user = "U2") {
    commands::Request request =
        test::slash_command(std::move(command), std::move(text), std::move(user), "D0DM");
    const commands::Resolution resolution = crew.table.resolve(request);
    std::optional<commands::Reply> reply = commands::place_in_crew(request, resolution, crew.db);
    return {std::move(reply), std::move(request)};
}

void put_on_roster(CrewFixture& crew, const std::string& channel, const std::string& user) {
    storage::CaptainRoster(crew.db).add(channel, user, 0, 1);
}

}  // namespace

TEST_CASE("the first word of a mention picks the command as a slash command's name does") {
    const commands::CommandTable table = commands::make_command_table();
    const commands::Request captain = words(table, "captain who");
    CHECK(captain.command == "/captain");
    CHECK(captain.text == "who");
    CHECK(captain.channel_id == "C0CREW");
    CHECK(captain.user_id == "U2");

    const commands::Request suggest = words(table, "  /Suggest   Better refund macro ");
    CHECK(suggest.command == "/suggest");
    CHECK(suggest.text == "Better refund macro");

    CHECK(words(table, "outliers").command == "/outliers");
    CHECK(words(table, "outliers").text.empty());

    // Words that name no command are /ritual's, as before.
    const commands::Request help = words(table, "help captain");
    CHECK(help.command == "/ritual");
    CHECK(help.text == "help captain");
    CHECK(words(table, "").command == "/ritual");
}

TEST_CASE("a channel's command stays in its channel and is noted as where the person was") {
    CrewFixture crew;
    commands::Request request = test::slash_command("/captain", "who", "U2", "C0CREW");
    CHECK(commands::channel_to_remember(crew.db, request));
    commands::remember_channel(crew.db, request, crew.clock);
    CHECK_FALSE(commands::channel_to_remember(crew.db, request));
    CHECK(commands::channel_to_remember(crew.db,
                                        test::slash_command("/captain", "who", "U2", "C0OTHER")));
    CHECK_FALSE(commands::channel_to_remember(
        crew.db, test::slash_command("/captain", "who", "U2", "D0DM")));
    CHECK_FALSE(commands::place_in_crew(request, crew.table.resolve(request), crew.db));
    CHECK(request.channel_id == "C0CREW");
    CHECK(commands::crews_of(crew.db, "U2") == std::vector<std::string>{"C0CREW"});

    // A DM is never noted as a crew.
    commands::remember_channel(crew.db, test::slash_command("/captain", "who", "U2", "D0DM"),
                               crew.clock);
    CHECK(commands::crews_of(crew.db, "U2") == std::vector<std::string>{"C0CREW"});
}

TEST_CASE("a DM command acts on the only crew whose roster lists the person") {
    CrewFixture crew;
    put_on_roster(crew, "C0CREW", "U2");
    put_on_roster(crew, "C0OTHER", "U3");
    const Placed placed = place(crew, "/captain", "who");
    CHECK_FALSE(placed.reply);
    CHECK(placed.request.channel_id == "C0CREW");
}

TEST_CASE("a DM command acts where the person last used the bot when no roster lists them") {
    CrewFixture crew;
    commands::remember_channel(crew.db, test::slash_command("/suggest", "x", "U2", "C0LAST"),
                               crew.clock);
    const Placed placed = place(crew, "/suggest", "Better refund macro");
    CHECK_FALSE(placed.reply);
    CHECK(placed.request.channel_id == "C0LAST");
}

TEST_CASE("a DM command with several crews asks which one - each button carries the command") {
    CrewFixture crew;
    for (const char* channel : {"C0CREW", "C0NIGHT"}) put_on_roster(crew, channel, "U2");
    const Placed placed = place(crew, "/captain", "who");
    REQUIRE(placed.reply);
    CHECK(placed.reply->visibility == commands::Visibility::ephemeral);
    CHECK_THAT(placed.reply->text,
               Catch::Contains("Which crew") && Catch::Contains("/captain who"));
    const nlohmann::json& blocks = placed.reply->blocks;
    REQUIRE(blocks.size() == 3);
    CHECK(blocks[1]["text"]["text"] == "<#C0CREW>");
    CHECK(blocks[2]["text"]["text"] == "<#C0NIGHT>");
    const nlohmann::json& button = blocks[2]["accessory"];
    CHECK(button["action_id"] == std::string(commands::kCrewPickAction));

    // The click re-runs the command there, for whoever clicked.
    const auto rerun =
        commands::crew_pick_request(button["value"].get<std::string>(), "U2", "T1", "trig");
    REQUIRE(rerun);
    CHECK(rerun->command == "/captain");
    CHECK(rerun->text == "who");
    CHECK(rerun->channel_id == "C0NIGHT");
    CHECK(rerun->user_id == "U2");
    CHECK(rerun->trigger_id == "trig");

    // The channel where they last used the bot comes first.
    commands::remember_channel(crew.db, test::slash_command("/captain", "who", "U2", "C0NIGHT"),
                               crew.clock);
    CHECK(commands::crews_of(crew.db, "U2") == std::vector<std::string>{"C0NIGHT", "C0CREW"});
}

TEST_CASE("a crew that left the rituals is not asked about") {
    CrewFixture crew;
    put_on_roster(crew, "C0CREW", "U2");
    put_on_roster(crew, "C0GONE", "U2");
    storage::ChannelPauses(crew.db).pause({"C0GONE", "left", "U1", 1});
    const Placed placed = place(crew, "/captain", "who");
    CHECK_FALSE(placed.reply);
    CHECK(placed.request.channel_id == "C0CREW");
}

TEST_CASE("a DM command from someone without a crew says how to get one - help needs none") {
    CrewFixture crew;
    const Placed placed = place(crew, "/captain", "who");
    REQUIRE(placed.reply);
    CHECK_THAT(placed.reply->text, Catch::Contains("don't know your crew"));
    CHECK(placed.request.channel_id == "D0DM");

    CHECK_FALSE(place(crew, "/ritual", "help").reply);
    CHECK_FALSE(place(crew, "/captain", "help").reply);
    CHECK_FALSE(place(crew, "/captain", "frobnicate").reply);  // the usage error needs no crew
}

TEST_CASE("a crew button value that is not ours or names a DM is refused") {
    CHECK_FALSE(commands::crew_pick_request("not json", "U2", "T1", ""));
    CHECK_FALSE(commands::crew_pick_request(R"({"channel":"C1"})", "U2", "T1", ""));
    CHECK_FALSE(commands::crew_pick_request(
        R"({"channel":"D0DM","command":"/captain","text":"who"})", "U2", "T1", ""));
}

TEST_CASE("what a DM command announces goes to the crew's channel - the DM gets it privately") {
    commands::Reply announced = commands::channel_reply("<@U2> set `x` to 3.");
    const commands::Reply reply = commands::reply_from_dm(std::move(announced), "C0CREW");
    CHECK(reply.visibility == commands::Visibility::ephemeral);
    CHECK(reply.text == "Posted in <#C0CREW>: <@U2> set `x` to 3.");
    REQUIRE(reply.effects.posts.size() == 1);
    CHECK(reply.effects.posts[0].channel == "C0CREW");
    CHECK(reply.effects.posts[0].text == "<@U2> set `x` to 3.");

    const commands::Reply private_answer =
        commands::reply_from_dm(commands::ephemeral_reply("Nobody is on the roster"), "C0CREW");
    CHECK(private_answer.text == "Nobody is on the roster");
    CHECK(private_answer.effects.posts.empty());
}
