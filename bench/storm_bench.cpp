// The Friday 15:00 vote storm (issue 18): 20 channels open their ballots at once, then 300
// people click 3 votes each within 10 s, against the emulator, which enforces Slack's rate
// limits (emulator/rate_limits.hpp) and counts every 429. The bot is the real `ritualbot run`,
// a child process with a fresh database.
//
// Each click is a block_actions envelope shaped as Slack sends it for a message button, with a
// response_url pointing back at the emulator. Prints, one "key value" pair per line: ack
// p50/p99/max (emulator push to ack), votes sent and counted (in the bot's database), how
// many ballots show their final count and the seconds from the last click until the last of
// them did (the first chat.update carrying each ballot's final content), 429s, and the calls
// made per method.
//
// Usage: ritualbot_storm_bench BOT_BINARY [SECONDS_TO_WAIT_AFTER]

#include "child_process.hpp"
#include "emulator/emulator.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ritualbot::bench {
namespace {

using Clock = std::chrono::steady_clock;
using emulator::Emulator;
using nlohmann::json;
using namespace std::chrono_literals;

constexpr int kChannels = 20;
constexpr int kPeople = 300;
constexpr int kVotesEach = 3;
constexpr auto kStorm = 10s;
constexpr const char* kAdmin = "U0ANA";  // the sandbox workspace's owner

std::string channel_id(int i) {
    char id[16];
    std::snprintf(id, sizeof id, "C0STORM%02d", i);
    return id;
}

double ms(Clock::duration d) {
    return std::chrono::duration_cast<std::chrono::microseconds>(d).count() / 1000.0;
}

void command(Emulator& slack, const std::string& channel, const std::string& name,
             const std::string& text) {
    if (!slack.wait_for_ack(slack.push_slash_command(name, text, channel, kAdmin), 10s))
        throw std::runtime_error("no ack for " + name + " " + text + " in " + channel);
}

void collect_votes(const json& node, std::vector<std::string>& values) {
    if (node.is_object()) {
        if (node.value("action_id", "") == "suggest_vote" && node.contains("value"))
            values.push_back(node["value"].get<std::string>());
        for (const auto& [key, child] : node.items()) collect_votes(child, values);
    } else if (node.is_array()) {
        for (const auto& child : node) collect_votes(child, values);
    }
}

// The ballot's buttons in `channel` once it is posted: "<round>:<suggestion>" each.
std::vector<std::string> ballot_buttons(const Emulator& slack, const std::string& channel) {
    std::vector<std::string> values;
    for (const json& message : slack.messages(channel)) collect_votes(message, values);
    return values;
}

json click(const std::string& channel, const std::string& user, const std::string& value,
           const std::string& envelope_id, const std::string& response_base, int n) {
    const std::string action_ts = "1795791700." + std::to_string(100000 + n);
    return {{"type", "interactive"},
            {"envelope_id", envelope_id},
            {"accepts_response_payload", false},
            {"payload",
             {{"type", "block_actions"},
              {"user", {{"id", user}, {"username", user}, {"team_id", "T0FAKE"}}},
              {"team", {{"id", "T0FAKE"}}},
              {"channel", {{"id", channel}, {"name", channel}}},
              {"container", {{"type", "message"}, {"channel_id", channel}}},
              {"trigger_id", "trigger-" + envelope_id},
              {"response_url", response_base + envelope_id},
              {"actions",
               {{{"action_id", "suggest_vote"},
                 {"block_id", "b"},
                 {"type", "button"},
                 {"value", value},
                 {"action_ts", action_ts}}}}}}};
}

std::int64_t count(SQLite::Database& db, const char* sql) {
    SQLite::Statement query(db, sql);
    query.executeStep();
    return query.getColumn(0).getInt64();
}

int run(const std::string& binary, int wait_after_s) {
    const ScratchDir scratch("ritualbot-storm-bench");
    const std::filesystem::path& dir = scratch.path();
    const std::string db_path = (dir / "ritualbot.db").string();
    emulator::EmulatorOptions options;
    for (int i = 0; i < kChannels; ++i)
        options.workspace.channels.push_back({channel_id(i), "storm-" + std::to_string(i)});
    Emulator slack(options);
    std::map<std::string, std::string> environment = {
        {"SLACK_APP_TOKEN", Emulator::kAppToken}, {"SLACK_BOT_TOKEN", Emulator::kBotToken},
        {"SLACK_API_URL", slack.api_url()},       {"RITUALBOT_CA_FILE", slack.ca_file()},
        {"RITUALBOT_DB", db_path},                {"RITUALBOT_HTTP_ADDR", "127.0.0.1:0"},
        {"RITUALBOT_LOG", "warn"},                {"TZ", "UTC"}};
    if (const char* path = std::getenv("PATH")) environment["PATH"] = path;
    if (const char* home = std::getenv("HOME")) environment["HOME"] = home;
    const std::string log = (dir / "bot.log").string();
    Child bot(binary, {"run"}, environment, log);
    if (!slack.wait_for_connections(1, 30s)) throw std::runtime_error("the bot never connected");

    // Each channel: live tallies (so a ballot's final content differs from every earlier
    // one), three ideas; then every ballot opened at once.
    for (int i = 0; i < kChannels; ++i) {
        command(slack, channel_id(i), "/ritual", "config set suggest.live on");
        for (int idea = 1; idea <= kVotesEach; ++idea)
            command(slack, channel_id(i), "/suggest", "add Idea " + std::to_string(idea));
    }
    std::vector<std::string> opens;
    for (int i = 0; i < kChannels; ++i)
        opens.push_back(slack.push_slash_command("/suggest", "open", channel_id(i), kAdmin));
    for (const std::string& id : opens)
        if (!slack.wait_for_ack(id, 10s)) throw std::runtime_error("/suggest open not acked");
    std::map<std::string, std::vector<std::string>> buttons;
    const auto ballots_due = Clock::now() + 60s;
    while (static_cast<int>(buttons.size()) < kChannels && Clock::now() < ballots_due) {
        for (int i = 0; i < kChannels; ++i) {
            auto values = ballot_buttons(slack, channel_id(i));
            if (static_cast<int>(values.size()) >= kVotesEach) buttons[channel_id(i)] = values;
        }
        std::this_thread::sleep_for(50ms);
    }
    if (static_cast<int>(buttons.size()) < kChannels)
        throw std::runtime_error("only " + std::to_string(buttons.size()) + " ballots posted");
    const std::size_t calls_before = slack.calls().size();
    const int limited_before = slack.rate_limited_calls();

    // The storm: vote r of every person, then vote r + 1, spread evenly over kStorm.
    const std::string api = slack.api_url();
    const std::string response_base = api.substr(0, api.size() - 4) + "response/";
    const int clicks = kPeople * kVotesEach;
    const auto started = Clock::now();
    std::vector<std::string> envelopes;
    for (int n = 0; n < clicks; ++n) {
        const int person = n % kPeople, vote = n / kPeople;
        const std::string channel = channel_id(person % kChannels);
        char user[16];
        std::snprintf(user, sizeof user, "U0P%03d", person);
        const std::string id = "storm-" + std::to_string(n);
        std::this_thread::sleep_until(started + std::chrono::milliseconds(kStorm) * n / clicks);
        envelopes.push_back(slack.push_envelope(
            click(channel, user, buttons[channel][vote], id, response_base, n)));
    }
    const auto last_click = Clock::now();

    std::vector<double> latencies;
    for (const std::string& id : envelopes) {
        const auto ack = slack.wait_for_ack(id, 30s);
        if (!ack) throw std::runtime_error("no ack for " + id);
        latencies.push_back(ms(ack->acked_at - ack->pushed_at));
    }
    std::sort(latencies.begin(), latencies.end());
    const auto at = [&](double q) {
        return latencies[std::min(latencies.size() - 1,
                                  static_cast<std::size_t>(q * latencies.size()))];
    };

    // Let the outbox drain (bounded), then judge each ballot by what Slack was sent.
    SQLite::Database db(db_path, SQLite::OPEN_READONLY);
    db.setBusyTimeout(1000);
    const auto drain_due = last_click + std::chrono::seconds(wait_after_s);
    while (Clock::now() < drain_due &&
           count(db, "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')") > 0)
        std::this_thread::sleep_for(100ms);
    const std::int64_t counted = count(db, "SELECT COUNT(*) FROM suggestion_votes");
    const std::int64_t unsent =
        count(db, "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')");

    const std::vector<emulator::ApiCall> calls = slack.calls();
    std::map<std::string, int> per_method;
    for (std::size_t i = calls_before; i < calls.size(); ++i) ++per_method[calls[i].method];
    const std::string voters = std::to_string(kPeople / kChannels) + " people voted";
    int final_ballots = 0;
    double worst_lag_s = 0;
    for (int i = 0; i < kChannels; ++i) {
        const std::string channel = channel_id(i);
        std::string final_content;
        for (const json& message : slack.messages(channel)) {
            std::vector<std::string> values;
            collect_votes(message, values);
            if (!values.empty()) final_content = message.value("blocks", json()).dump();
        }
        // Every idea of the channel got all its people's votes, and nobody else's.
        if (final_content.find(voters) == std::string::npos) continue;
        for (std::size_t c = calls_before; c < calls.size(); ++c) {
            const auto& call = calls[c];
            if (call.method != "chat.update" || call.http_status != 200) continue;
            if (call.args.value("channel", "") != channel) continue;
            const json blocks = call.args.contains("blocks") && call.args["blocks"].is_string()
                                    ? json::parse(call.args["blocks"].get<std::string>())
                                    : call.args.value("blocks", json());
            if (blocks.dump() != final_content) continue;
            ++final_ballots;
            worst_lag_s = std::max(worst_lag_s, ms(call.at - last_click) / 1000.0);
            break;
        }
    }
    // RITUALBOT_STORM_TIMELINE=1: every chat.update, seconds from the last click, for a look at
    // how the edit budget was spent.
    if (const char* timeline = std::getenv("RITUALBOT_STORM_TIMELINE");
        timeline && *timeline == '1') {
        for (std::size_t c = calls_before; c < calls.size(); ++c) {
            if (calls[c].method != "chat.update") continue;
            std::printf("update %.2f %s %d\n", ms(calls[c].at - last_click) / 1000.0,
                        calls[c].args.value("channel", "").c_str(), calls[c].http_status);
        }
    }
    std::printf("clicks %d\nack_p50_ms %.1f\nack_p99_ms %.1f\nack_max_ms %.1f\n", clicks, at(0.5),
                at(0.99), latencies.back());
    std::printf("votes_sent %d\nvotes_counted %lld\n", clicks, static_cast<long long>(counted));
    std::printf("ballots_final %d/%d\nlast_click_to_final_s %.2f\n", final_ballots, kChannels,
                worst_lag_s);
    std::printf("outbox_unsent_after_%ds %lld\n", wait_after_s, static_cast<long long>(unsent));
    std::printf("http_429 %d\n", slack.rate_limited_calls() - limited_before);
    for (const auto& [method, n] : per_method) std::printf("calls %s %d\n", method.c_str(), n);
    return 0;
}

}  // namespace
}  // namespace ritualbot::bench

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s BOT_BINARY [SECONDS_TO_WAIT_AFTER]\n", argv[0]);
        return 2;
    }
    try {
        return ritualbot::bench::run(argv[1], argc > 2 ? std::atoi(argv[2]) : 30);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "storm bench: %s\n", e.what());
        return 1;
    }
}
