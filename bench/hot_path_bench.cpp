// The hot paths of one Socket Mode envelope, each timed in a plain loop (issue 8): parsing the
// frame, tokenizing a command's text, answering `/ritual help` (router, command table, ack
// text), answering `/captain who` over a 5-person roster (the same, reading the plan), and
// recording a ballot vote (the router's whole transaction on a WAL database file,
// tally update queued in the outbox). bench/run.sh prints the table; never part of the tests.
//
// Usage: ritualbot_hot_path_bench DIR [NAME]   (DIR: where the vote benchmark's database goes;
// NAME: run only that path, for a profiler)
// Prints one line per path: name iterations ns_per_op ops_per_s.

#include "bot/interactions/suggestion_interactions.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/system_clock.hpp"
#include "bot/slack/envelope.hpp"
#include "bot/slack/event_router.hpp"
#include "bot/slack/people_cache.hpp"
#include "commands/command_table.hpp"
#include "commands/tokenizer.hpp"
#include "storage/database.hpp"

#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace ritualbot;
using Clock = std::chrono::steady_clock;

std::string only;  // run just this path

// Runs `op` in growing batches until a batch takes at least 0.5 s; the last batch's figures.
void measure(const char* name, const std::function<void(long)>& op) {
    if (!only.empty() && only != name) return;
    for (long i = 0; i < 100; ++i) op(i);  // warm-up: caches, allocator, SQLite statement paths
    long next = 100;
    for (long batch = 1000;; batch *= 2) {
        const auto began = Clock::now();
        for (long i = 0; i < batch; ++i) op(next++);
        const double seconds = std::chrono::duration<double>(Clock::now() - began).count();
        if (seconds >= 0.5 || batch >= (1L << 24)) {
            std::printf("%s %ld %.0f %.0f\n", name, batch, seconds * 1e9 / batch, batch / seconds);
            return;
        }
    }
}

// A slash-command envelope as Slack sends it (the SDKs' sample), carrying `command text`; each
// with its own trigger id, as Slack gives every command typed (the bot drops a repeated one).
std::string slash_command_frame(const std::string& command, const std::string& text) {
    static long typed = 0;
    std::ifstream in(std::string(RITUALBOT_FIXTURES_DIR) + "/slack/socket_mode_envelopes.json");
    if (!in) throw std::runtime_error("missing tests/fixtures/slack/socket_mode_envelopes.json");
    nlohmann::json envelope = nlohmann::json::parse(in).at(1);
    envelope["payload"]["command"] = command;
    envelope["payload"]["text"] = text;
    envelope["payload"]["channel_id"] = "C0CREW";
    envelope["payload"]["user_id"] = "U0ALICE";
    envelope["payload"]["trigger_id"] = "bench-trigger-" + std::to_string(++typed);
    return envelope.dump();
}

bot::slack::Envelope parsed(const std::string& frame) {
    bot::slack::ParsedFrame parsed = bot::slack::parse_frame(frame);
    if (!parsed.envelope) {
        throw std::runtime_error("bench envelope does not parse: " + parsed.error);
    }
    return std::move(*parsed.envelope);
}

std::string text_of(const nlohmann::json& reply) {
    return reply.value("text", std::string());
}

// A ballot click (its action_ts unique per click): a vote row added or removed, and the
// ballot's voter count updated through the outbox.
bot::slack::Envelope vote_envelope(const std::string& value, long voter, long click) {
    const std::string user = "U0V" + std::to_string(voter);
    const nlohmann::json envelope = {
        {"type", "interactive"},
        {"envelope_id", "bench-vote-" + std::to_string(click)},
        {"payload",
         {{"type", "block_actions"},
          {"user", {{"id", user}}},
          {"channel", {{"id", "C0CREW"}}},
          {"container", {{"type", "message"}, {"channel_id", "C0CREW"}}},
          {"actions",
           {{{"action_id", "suggest_vote"},
             {"value", value},
             {"action_ts", "1795791700." + std::to_string(click)}}}}}}};
    return parsed(envelope.dump());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: %s DIR [NAME]\n", argv[0]);
        return 2;
    }
    if (argc == 3) only = argv[2];
    bot::log::set_level("warn");  // as the socket benchmark runs the bot
    try {
        const std::filesystem::path dir = argv[1];
        std::filesystem::create_directories(dir);
        const std::string db_file = (dir / "hot-path.db").string();
        std::filesystem::remove(db_file);
        storage::Database db = storage::Database::open(db_file);
        const commands::CommandTable table = commands::make_command_table();
        const bot::SystemClock clock;
        // Opening the vote is an admin's change: Alice is in RITUALBOT_ADMINS and Slack has
        // answered about her.
        bot::slack::PeopleCache people(db, {"U0ALICE"});
        people.record_user({.id = "U0ALICE"}, std::chrono::steady_clock::now());
        bot::slack::EventRouter router(db, table, clock, &people);
        bot::register_suggestion_interactions(router);

        const std::string help_frame = slash_command_frame("/ritual", "help");
        measure("envelope_parse", [&](long) { bot::slack::parse_frame(help_frame); });
        measure("envelope_parse_in_full",
                [&](long) { bot::slack::parse_frame_in_full(help_frame); });
        measure("command_tokenize", [&](long) {
            commands::tokenize(R"(swap <@U0ALICE|alice> <@U0BOB|bob> "next week" 2026-12-01)");
        });
        const bot::slack::Envelope help = parsed(help_frame);
        measure("ritual_help_routed_and_acked",
                [&](long) { bot::slack::make_ack(help.envelope_id, router.route(help)); });

        // A read-only command with something to read: the captain of a 5-person roster.
        const std::string added = text_of(router.route(
            parsed(slash_command_frame("/captain",
                                       "add <@U0BENCH1|alice> <@U0BENCH2|bob> <@U0BENCH3|carol> "
                                       "<@U0BENCH4|dave> <@U0BENCH5|erin>"))));
        if (added.find("Added") == std::string::npos) {
            throw std::runtime_error("could not fill the roster: " + added);
        }
        const bot::slack::Envelope who = parsed(slash_command_frame("/captain", "who"));
        measure("captain_who_routed_and_acked",
                [&](long) { bot::slack::make_ack(who.envelope_id, router.route(who)); });

        for (const char* idea : {"Idea one", "Idea two", "Idea three"}) {
            if (text_of(router.route(parsed(slash_command_frame("/suggest", idea))))
                    .find("Added") == std::string::npos) {
                throw std::runtime_error("could not add a suggestion");
            }
        }
        const std::string opened =
            text_of(router.route(parsed(slash_command_frame("/suggest", "open"))));
        if (opened.find("is posted") == std::string::npos) {
            throw std::runtime_error("could not open the vote: " + opened);
        }
        std::vector<std::string> ballot;  // button values "<round>:<suggestion>"
        SQLite::Statement values(db.sql(),
                                 "SELECT round_id || ':' || id FROM suggestions ORDER BY id");
        while (values.executeStep()) ballot.push_back(values.getColumn(0).getString());
        if (ballot.size() != 3) throw std::runtime_error("the ballot did not open");
        // A crew of 50 clicking through the three buttons: each click adds or takes back a vote.
        // Building the envelope is part of each iteration (about 5% of it).
        measure("vote_recorded", [&](long click) {
            router.route(
                vote_envelope(ballot[static_cast<std::size_t>(click / 50 % 3)], click % 50, click));
        });
        SQLite::Statement votes(db.sql(), "SELECT COUNT(*) FROM suggestion_votes");
        votes.executeStep();
        if ((only.empty() || only == "vote_recorded") && votes.getColumn(0).getInt64() == 0) {
            throw std::runtime_error("no vote was recorded");
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hot path bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
