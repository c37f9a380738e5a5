// render::repost_text: user text reposted by the bot pings nobody and cannot break the markup.

#include "commands/render/user_text.hpp"

#include <catch2/catch.hpp>

using ritualbot::commands::render::repost_text;
using ritualbot::commands::render::UserMentions;

TEST_CASE("broadcast and group mentions are reposted as plain text") {
    CHECK(repost_text("hey <!channel> and <!here>, <!everyone>") == "hey @channel and @here, @everyone");
    CHECK(repost_text("<!here|here> now") == "@here now");
    CHECK(repost_text("ask <!subteam^S0CREW|@support-crew>") == "ask @support-crew");
    CHECK(repost_text("ask <!subteam^S0CREW>") == "ask @S0CREW");
    CHECK(repost_text("<!channel>", UserMentions::as_text) == "@channel");
}

TEST_CASE("user mentions are kept, or shown as text for an anonymous author") {
    const std::string text = "pair <@U0ANA|ana> with <@U0BEN>";
    CHECK(repost_text(text) == text);
    CHECK(repost_text(text, UserMentions::as_text) == "pair @ana with @U0BEN");
}

TEST_CASE("links, channel references and Slack entities are kept: a stray ampersand or angle bracket is escaped") {
    CHECK(repost_text("see <#C0CREW|support-crew> and <https://example.com|the doc>") ==
          "see <#C0CREW|support-crew> and <https://example.com|the doc>");
    CHECK(repost_text("a &amp; b &lt;c&gt;") == "a &amp; b &lt;c&gt;");
    CHECK(repost_text("R&D <3 a>b") == "R&amp;D &lt;3 a&gt;b");
    CHECK(repost_text("<<!channel>>") == "&lt;@channel&gt;");
    CHECK(repost_text("<>") == "&lt;&gt;");
    CHECK(repost_text("```<!here> & <@U0ANA>```", UserMentions::as_text) == "```@here &amp; @U0ANA```");
    CHECK(repost_text("") == "");
}
