// /suggest: collecting suggestions into the channel's round, the form, withdraw, list, help
// and bad input.

#include <catch2/catch.hpp>

#include "suggestions_fixture.hpp"
#include "support/test_database.hpp"

using namespace ritualbot;
using namespace ritualbot::test;
using Catch::Contains;
using commands::Visibility;

TEST_CASE("/suggest TEXT adds to the channel's round - #procedure and anon are trailing options",
          "[suggest]") {
    SuggestFixture f;
    const auto reply = f.suggest("Shorter handoffs &amp; a template #handoff");
    CHECK(reply.visibility == Visibility::ephemeral);
    CHECK_THAT(reply.text, Contains("*#1* Shorter handoffs &amp; a template `#handoff`"));
    CHECK_THAT(reply.text, Contains("round 1"));
    CHECK(f.count("SELECT COUNT(*) FROM suggestion_rounds WHERE state = 'collecting'") == 1);

    // A '#' inside the sentence stays text; `add` is optional; options in either order.
    const commands::Reply anonymous = f.suggest("add Put the #1 runbook first anon #Refunds", "U2");
    // The promise is what holds: the author is kept, only to let them withdraw it.
    CHECK_THAT(anonymous.text, Contains("shown nowhere in Slack and left out of exports") &&
                                   Contains("you alone can take it back"));
    CHECK(ritualbot::test::query_text(
              f.db,
              "SELECT text || '|' || procedure || '|' || anonymous FROM suggestions "
              "WHERE id = 2") == "Put the #1 runbook first|refunds|1");
    // Same round for both, and the audit row hides the anonymous author.
    CHECK(f.count("SELECT COUNT(DISTINCT round_id) FROM suggestions") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'suggest.add' AND actor = "
                  "'anonymous'") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE actor = 'U2'") == 0);

    const auto list = f.suggest("list", "U3");
    CHECK_THAT(list.text, Contains("*Round 1* (collecting)"));
    CHECK_THAT(list.text, Contains("— <@U1>") && Contains("— anonymous") && !Contains("U2"));
    CHECK_THAT(f.suggest("list", "U2").text, Contains("(yours)"));
}

TEST_CASE("bad /suggest input gets an ephemeral reply with what was wrong and the usage",
          "[suggest]") {
    SuggestFixture f;
    const auto only_options = f.suggest("#handoff anon");
    CHECK(only_options.visibility == Visibility::ephemeral);
    CHECK_THAT(only_options.text, Contains("not only its options") &&
                                      Contains("`/suggest add TEXT [#procedure] [anon]`"));
    CHECK_THAT(f.suggest("Fix it #bad!tag").text, Contains("not a procedure name"));
    CHECK_THAT(f.suggest(std::string(1001, 'x')).text,
               Contains("1001 characters") && Contains("at most 1000"));
    CHECK_THAT(f.suggest("withdraw twelve").text,
               Contains("not a suggestion number") && Contains("`/suggest withdraw ID`"));
    CHECK_THAT(f.suggest("list of runbooks").text,
               Contains("`/suggest add list …`") && Contains("Usage: `/suggest list`"));
    CHECK_THAT(f.suggest("target 1 happiness").text,
               Contains("not a metric") && Contains("`reopen_rate`"));
    CHECK_THAT(f.suggest("config colour blue").text, Contains("not a setting"));
    CHECK_THAT(f.suggest("done").text, Contains("Usage: `/suggest done ID [note]`"));
    // Nothing was stored by any of them.
    CHECK(f.count("SELECT COUNT(*) FROM suggestions") == 0);
    // Without a trigger (e.g. typed to the bot), an empty /suggest explains itself.
    CHECK_THAT(f.suggest("").text, Contains("Write the suggestion"));
}

TEST_CASE("/suggest help comes from the table", "[suggest][help]") {
    SuggestFixture f;
    const auto help = f.suggest("help");
    CHECK(help.text == f.table.help("/suggest"));
    for (const char* usage :
         {"`/suggest add TEXT [#procedure] [anon]`", "`/suggest list`", "`/suggest withdraw ID`",
          "`/suggest assign ID @user`", "`/suggest done ID [note]`", "`/suggest target ID METRIC`",
          "`/suggest status`", "`/suggest open`", "`/suggest close`"}) {
        CHECK_THAT(help.text, Contains(usage));
    }
}

TEST_CASE("/suggest with no text opens the form - the form validates with field errors",
          "[suggest][form]") {
    SuggestFixture f;
    commands::Request request = slash_command("/suggest", "");
    request.trigger_id = "trig-1";
    const auto reply = f.table.dispatch(request, f.context);
    REQUIRE(reply.effects.modals.size() == 1);
    const auto& view = reply.effects.modals[0].view;
    CHECK(reply.effects.modals[0].trigger_id == "trig-1");
    CHECK(view["callback_id"] == "suggest_modal");
    CHECK(view["private_metadata"] == "C0CREW");
    CHECK(view["title"]["text"].get<std::string>().size() <= 24);

    namespace s = commands::suggestions;
    auto outcome = s::submit_form({"C0CREW", "U1", "   \n", "", false}, f.context);
    CHECK(outcome.errors.at("suggestion_text") == "Please write a suggestion.");
    outcome =
        s::submit_form({"C0CREW", "U1", std::string(1001, 'y'), "no spaces!", false}, f.context);
    CHECK_THAT(outcome.errors.at("suggestion_text"), Contains("at most 1000"));
    CHECK(outcome.errors.count("suggestion_procedure") == 1);
    CHECK(f.count("SELECT COUNT(*) FROM suggestions") == 0);

    outcome =
        s::submit_form({"C0CREW", "U1", "Less <b>copy</b> & paste", "#macros", true}, f.context);
    CHECK(outcome.errors.empty());
    CHECK_THAT(ephemeral_text(outcome.effects, "U1"), Contains("Added *#1*"));
    CHECK(ritualbot::test::query_text(f.db, "SELECT text FROM suggestions") ==
          "Less &lt;b&gt;copy&lt;/b&gt; &amp; paste");

    // The message shortcut opens the same form, prefilled with the message (unescaped).
    const auto shortcut = s::form_from_message("trig-2", "C0CREW", "Retry &amp; log");
    REQUIRE(shortcut.modals.size() == 1);
    CHECK(shortcut.modals[0].view["blocks"][0]["element"]["initial_value"] == "Retry & log");
}

TEST_CASE("only the author withdraws, while the suggestion is open", "[suggest]") {
    SuggestFixture f;
    f.suggest("Quiet hours for pages anon", "U2");
    CHECK_THAT(f.suggest("withdraw 1", "U3").text, Contains("Only its author"));
    CHECK_THAT(f.suggest("withdraw #9", "U2").text, Contains("no suggestion #9"));
    CHECK_THAT(f.suggest("withdraw #1", "U2").text, Contains("Withdrew #1"));
    CHECK_THAT(f.suggest("withdraw 1", "U2").text, Contains("withdrawn already"));
    CHECK(f.count("SELECT COUNT(*) FROM audit_log WHERE action = 'suggest.withdraw'") == 1);
}
