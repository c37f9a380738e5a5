// Three `ritualbot run` processes on one database (a SQLite file on this host, or PostgreSQL:
// issue 19) against the fake Slack, which spreads
// envelopes at random over all their connections as Slack does. The captain's change-over
// comes due once a (test-clock) day in three channels while instances are killed (-9) and
// restarted and one is stopped (SIGSTOP) past its lease and resumed: every scheduled post must
// appear exactly once, a command delivered twice must apply once, and a dead instance's
// channels must be served by the others.

#include "bot_fixture.hpp"
#include "slack_payloads.hpp"
#include "support/stores.hpp"

#include <signal.h>

#include <iostream>
#include <map>
#include <random>
#include <set>

using namespace ritualbot::testing;

namespace {

constexpr long long kMondayMorning = 1795420800;  // 2026-11-23 08:00 UTC
constexpr long long kChangeover = 3630;           // 09:00:30, after the 09:00 change-over
constexpr long long kDay = 86400;
constexpr long long kFridayBallot = kMondayMorning + 4 * kDay + 7 * 3600 + 30;  // 15:00:30
constexpr int kDays = 5;  // Monday to Friday: the captain's default days
constexpr int kInstances = 3;
constexpr int kSocketsEach = 2;  // the default
constexpr auto kLease = 2s;
const std::vector<std::string> kChannels = {"C0CREW", "C0TWO", "C0THREE"};

FakeSlackOptions spreading_slack() {
    FakeSlackOptions options;
    options.spread_envelopes = true;
    options.workspace.channels.push_back({"C0TWO", "crew-two"});
    options.workspace.channels.push_back({"C0THREE", "crew-three"});
    return options;
}

// Where the instances keep their state: one SQLite file (several processes on one host), or
// one PostgreSQL database (a schema of its own on the test command's server).
struct OneSqliteFile {
    std::string url(const std::string& dir) const { return dir + "/ritualbot.db"; }
};
struct OnePostgresDatabase {
    ritualbot::test::PostgresStore store;
    std::string url(const std::string&) const { return store.url(); }
};

template <class Store>
struct Cluster {
    Store store;
    FakeSlack slack{spreading_slack()};
    std::string dir = make_temp_dir("ritualbot-cluster-");
    std::string clock_file = dir + "/clock";
    std::vector<std::unique_ptr<BotProcess>> bots{kInstances};
    std::vector<std::string> first_logs{kInstances};
    int started = 0;

    ~Cluster() {
        bots.clear();
        if (!std::getenv("RITUALBOT_E2E_KEEP")) remove_tree(dir);
    }

    void start(int i) {
        auto env = bot_environment(slack, dir);
        env["RITUALBOT_DB"] = store.url(dir);  // one database for all
        env["RITUALBOT_LEASE_SECONDS"] = std::to_string(kLease.count());
        env["RITUALBOT_TEST_CLOCK_FILE"] = clock_file;
        const std::string log =
            dir + "/bot" + std::to_string(i) + "-run" + std::to_string(++started) + ".log";
        if (first_logs[i].empty()) first_logs[i] = log;
        bots[i] = std::make_unique<BotProcess>(RITUALBOT_BINARY, std::vector<std::string>{"run"},
                                               env, log);
    }

    std::string logs() const {
        std::string all;
        for (const auto& bot : bots) {
            if (!bot) continue;
            const std::string text = bot->log();
            all += "--- " + bot->log_file() + "\n" +
                   text.substr(text.size() > 6000 ? text.size() - 6000 : 0);
        }
        return all;
    }
};

std::string slurp(const std::string& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Successful chat.postMessage calls by outbox key (the metadata every post carries).
std::map<std::string, int> posts_by_key(const FakeSlack& slack) {
    std::map<std::string, int> posts;
    for (const ApiCall& call : slack.calls("chat.postMessage")) {
        if (!call.response.is_object() || !call.response.value("ok", false)) continue;
        const auto key = call.args.find("metadata");
        if (key == call.args.end() || !key->is_object()) continue;
        ++posts[key->value("/event_payload/key"_json_pointer, std::string())];
    }
    return posts;
}

// Whether the change-over of `channel` on Monday + `day` was posted (its outbox keys are
// "run:captain.changeover:<channel>:<date>:<n>").
bool changeover_posted(const std::map<std::string, int>& posts, const std::string& channel,
                       int day) {
    const std::string prefix = std::string("run:captain.changeover:")
                                   .append(channel)
                                   .append(":2026-11-")
                                   .append(std::to_string(23 + day))
                                   .append(":");
    const auto next = posts.lower_bound(prefix);
    return next != posts.end() && next->first.starts_with(prefix);
}

// Every channel's change-overs up to `day` posted; none posted twice.
bool posted_through(const FakeSlack& slack, int day) {
    const auto posts = posts_by_key(slack);
    for (const std::string& channel : kChannels) {
        for (int d = 0; d <= day; ++d) {
            if (!changeover_posted(posts, channel, d)) return false;
        }
    }
    return true;
}

// A /suggest by Alice in C0CREW as Slack sends it, with the given trigger_id.
nlohmann::json suggest_envelope(const std::string& text, const std::string& trigger_id) {
    return {{"type", "slash_commands"},
            {"accepts_response_payload", true},
            {"payload",
             {{"command", "/suggest"},
              {"text", text},
              {"channel_id", "C0CREW"},
              {"user_id", "U0ALICE"},
              {"team_id", "T0FAKE"},
              {"trigger_id", trigger_id}}}};
}

// The suggestion ballot as C0CREW shows it now (after chat.update), if posted.
std::optional<nlohmann::json> ballot(const FakeSlack& slack) {
    for (const auto& message : slack.messages("C0CREW")) {
        if (message.dump().find("suggest_vote") != std::string::npos) return message;
    }
    return std::nullopt;
}

// The value of the ballot's first vote button.
std::string first_button(const nlohmann::json& message) {
    for (const auto& block : message.value("blocks", nlohmann::json::array())) {
        if (block.contains("accessory")) return block["accessory"].value("value", "");
    }
    return {};
}

}  // namespace

TEMPLATE_TEST_CASE(
    "three instances on one database post each scheduled run once through kills and a pause",
    "[cluster]", OneSqliteFile, OnePostgresDatabase) {
    Cluster<TestType> cluster;
    FakeSlack& slack = cluster.slack;
    set_clock(cluster.clock_file, kMondayMorning);
    // The first instance creates and migrates the database; the others join it.
    cluster.start(0);
    REQUIRE(slack.wait_for_open_connections(kSocketsEach, 20s));
    for (int i = 1; i < kInstances; ++i) cluster.start(i);
    const bool connected = slack.wait_for_open_connections(kInstances * kSocketsEach, 30s);
    if (!connected) std::cout << cluster.logs() << std::endl;
    REQUIRE(connected);

    for (const std::string& channel : kChannels) {
        const std::string added =
            command_in(slack, channel, "/captain", "add <@U0ALICE|alice> <@U0BOB|bob>");
        CHECK_THAT(added, Catch::Contains("<@U0BOB>"));
    }
    // Enough envelopes that each instance gets some, spread at random over six sockets.
    for (int n = 0; n < 30; ++n) command_in(slack, kChannels[n % 3], "/captain", "who");

    // One command delivered twice (Slack retries), to two random connections: applied once.
    const nlohmann::json twice = suggest_envelope("Shorter macros", "trig-dup");
    const std::string first = slack.push_envelope(twice);
    const std::string second = slack.push_envelope(twice);
    REQUIRE(slack.wait_for_ack(first, 5s));
    REQUIRE(slack.wait_for_ack(second, 5s));
    const std::string list = command_in(slack, "C0CREW", "/suggest", "list");
    const auto once = list.find("Shorter macros");
    CHECK(once != std::string::npos);
    CHECK(list.find("Shorter macros", once + 1) == std::string::npos);

    for (int i = 0; i < kInstances; ++i) {
        INFO("instance " << i);
        CHECK(slurp(cluster.first_logs[i]).find("command.received") != std::string::npos);
    }

    std::mt19937 random(std::random_device{}());
    std::uniform_int_distribution<int> any_instance(0, kInstances - 1);
    int stopped = -1;
    for (int day = 0; day < kDays; ++day) {
        INFO("day " << day);
        if (day == 1 || day == 3) {  // a crash and a restart
            const int victim = any_instance(random);
            cluster.bots[victim]->kill_now();
            cluster.start(victim);
        }
        if (day == 4) {  // dead for the whole day: the others serve its channels
            const int victim = (stopped + 1) % kInstances;
            cluster.bots[victim]->kill_now();
        }
        set_clock(cluster.clock_file, kMondayMorning + day * kDay + kChangeover);
        if (day == 2) {  // paused in the middle of the day's runs, past its lease, resumed
            std::this_thread::sleep_for(150ms);
            stopped = any_instance(random);
            REQUIRE(::kill(cluster.bots[stopped]->pid(), SIGSTOP) == 0);
            std::this_thread::sleep_for(2 * kLease);
            REQUIRE(::kill(cluster.bots[stopped]->pid(), SIGCONT) == 0);
        }
        const bool posted =
            eventually([&] { return posted_through(slack, day); }, 4 * kLease + 20s);
        if (!posted) std::cout << cluster.logs() << std::endl;
        REQUIRE(posted);
    }

    // Friday 15:00: the ballot; each vote is delivered twice, to random connections.
    set_clock(cluster.clock_file, kFridayBallot);
    REQUIRE(eventually([&] { return ballot(slack).has_value(); }, 4 * kLease + 20s));
    const std::string vote = first_button(*ballot(slack));
    REQUIRE_FALSE(vote.empty());
    const std::vector<std::string> voters = {"U0DAN", "U0ERIN", "U0FRANK"};
    for (std::size_t i = 0; i < voters.size(); ++i) {
        const std::string action_ts = std::string("1795791700.00010").append(std::to_string(i));
        const auto payload = button_click("C0CREW", voters[i], "suggest_vote", vote, action_ts);
        const std::string once = slack.push_envelope(payload);
        const std::string again = slack.push_envelope(payload);
        REQUIRE(slack.wait_for_ack(once, 5s));
        REQUIRE(slack.wait_for_ack(again, 5s));
    }
    const bool counted = eventually(
        [&] { return ballot(slack)->dump().find("3 people voted so far") != std::string::npos; },
        4 * kLease + 20s);
    if (!counted) std::cout << cluster.logs() << std::endl;
    CHECK(counted);

    // Time for a woken or late instance to post anything twice, if it could.
    std::this_thread::sleep_for(2 * kLease);
    const auto posts = posts_by_key(slack);
    for (const std::string& channel : kChannels) {
        for (int day = 0; day < kDays; ++day) {
            INFO(channel << " day " << day);
            CHECK(changeover_posted(posts, channel, day));
        }
    }
    for (const auto& [key, count] : posts) {
        INFO(key);
        CHECK(count == 1);
    }
}
