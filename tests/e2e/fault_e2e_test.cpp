// Fault injection against the real `ritualbot run` (issue 8): the socket dropped every 50
// envelopes, `kill -9` in the middle of a burst of votes, a 429 storm on the posting methods
// and the database locked by another process. Each scene checks what a crew would notice:
// every envelope acked, every vote counted once, every queued message delivered once and in
// order. Every loop is bounded in count and time; no assertion depends on how fast this
// machine is.
//
// The outbox paces each channel (one row per second), so scenes that need the outbox drained
// spread their messages over several channels and check the queue by what Slack received,
// while the vote scenes read the votes straight from the database file.

#include "bot_fixture.hpp"
#include "slack_payloads.hpp"
#include "commands/ticket_data/generator.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace ritualbot::testing;
using Catch::Contains;

namespace {

using Clock = std::chrono::steady_clock;

// A second connection to the bot's SQLite file, as another process (an operator's sqlite3
// shell, a backup) would hold it.
class SqliteFile {
public:
    explicit SqliteFile(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close_v2(db_);
            throw std::runtime_error("cannot open " + path + ": " + why);
        }
        sqlite3_busy_timeout(db_, 5000);
    }
    ~SqliteFile() { sqlite3_close_v2(db_); }
    SqliteFile(const SqliteFile&) = delete;
    SqliteFile& operator=(const SqliteFile&) = delete;

    void exec(const std::string& sql) {
        char* error = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string why = error ? error : sqlite3_errmsg(db_);
            sqlite3_free(error);
            throw std::runtime_error(sql + ": " + why);
        }
    }

    // The first column of every row, as text.
    std::vector<std::string> column(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
            throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
        }
        std::vector<std::string> values;
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
            const auto* text = sqlite3_column_text(statement, 0);
            values.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
        }
        sqlite3_finalize(statement);
        if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
        return values;
    }

    long long scalar(const std::string& sql) {
        const auto values = column(sql);
        if (values.size() != 1) throw std::runtime_error(sql + ": expected one row");
        return std::stoll(values[0]);
    }

private:
    sqlite3* db_ = nullptr;
};

std::string db_file(const BotFixture& scene) {
    return scene.dir + "/ritualbot.db";
}

std::string ack_text(FakeSlack& slack, const std::string& envelope_id) {
    const auto ack = slack.wait_for_ack(envelope_id, 10s);
    REQUIRE(ack);
    return ack->payload.value("text", "");
}

std::string command(FakeSlack& slack, const std::string& name, const std::string& text,
                    const std::string& channel, const std::string& user = "U0ALICE") {
    return ack_text(slack, slack.push_slash_command(name, text, channel, user));
}

// A click on a ballot button (block_actions suggest_vote), as Slack sends it.
nlohmann::json click(const std::string& channel, const std::string& user, const std::string& value,
                     const std::string& action_ts) {
    return button_click(channel, user, "suggest_vote", value, action_ts);
}

std::string numbered(const std::string& prefix, int i) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s%05d", prefix.c_str(), i);
    return buffer;
}

// A ballot open in `channel`: `count` suggestions added by Alice (an admin: RITUALBOT_ADMINS),
// then `/suggest open`. Returns the button values "<round>:<suggestion>" read from the database.
std::vector<std::string> open_ballot(BotFixture& scene, const std::string& channel, int count) {
    for (int i = 1; i <= count; ++i) {
        CHECK_THAT(command(scene.slack, "/suggest", "Idea " + std::to_string(i) + " for " + channel,
                           channel),
                   Contains("Added"));
    }
    CHECK_THAT(command(scene.slack, "/suggest", "open", channel), Contains("is posted"));
    SqliteFile db(db_file(scene));
    const std::string round = std::to_string(db.scalar(
        "SELECT id FROM suggestion_rounds WHERE channel = '" + channel + "' AND state = 'voting'"));
    std::vector<std::string> values;
    for (const std::string& id : db.column("SELECT id FROM suggestions WHERE round_id = " + round +
                                           " AND state = 'open' ORDER BY id")) {
        values.push_back(round + ":" + id);
    }
    REQUIRE(values.size() == static_cast<std::size_t>(count));
    return values;
}

std::string round_of(const std::string& value) {
    return value.substr(0, value.find(':'));
}

// Waits for an ack of every id, all within one deadline.
bool wait_for_all_acks(FakeSlack& slack, const std::vector<std::string>& ids,
                       std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (const std::string& id : ids) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0 || !slack.wait_for_ack(id, left)) return false;
    }
    return true;
}

template <typename Ready>
bool wait_until(Ready ready, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll = 50ms) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        if (ready()) return true;
        std::this_thread::sleep_for(poll);
    }
    return ready();
}

bool succeeded(const ApiCall& call) {
    return call.http_status == 200 && call.response.is_object() && call.response.value("ok", false);
}

// The idempotency key the outbox put in a post's metadata.
std::string outbox_key(const ApiCall& call) {
    return call.args.value(nlohmann::json::json_pointer("/metadata/event_payload/key"),
                           std::string());
}

void print_log_on_failure(const BotFixture& scene, bool ok) {
    if (!ok) std::cout << scene.log() << std::endl;
}

}  // namespace

TEST_CASE("the socket dropped every 50 envelopes: all acked with nothing pending and every vote counted once") {
    constexpr int kEnvelopes = 2000;
    constexpr int kBatch = 50;
    BotFixture scene;
    scene.start_connected();
    FakeSlack& slack = scene.slack;
    const auto ballot = open_ballot(scene, "C0CREW", 3);
    const auto started = Clock::now();

    std::map<std::string, int> deliveries;  // envelope id -> times Slack sent it
    std::vector<std::string> votes, all;
    for (int first = 0; first < kEnvelopes; first += kBatch) {
        std::vector<std::string> batch;
        for (int i = first; i < first + kBatch; ++i) {
            std::string id;
            if (i % 4 == 3) {  // every fourth envelope a command, read-only or not
                id = i % 8 == 3 ? slack.push_slash_command("/ritual", "help")
                                : slack.push_slash_command("/suggest", "list");
            } else {
                id = slack.push_envelope(click("C0CREW", numbered("U0V", i), ballot[i % 3],
                                               numbered("1795791700.0", i)));
                votes.push_back(id);
            }
            deliveries[id] = 1;
            batch.push_back(id);
        }
        // Drop while the batch is in flight, once its first half is acked: envelopes after that
        // are unread, or handled and not yet acked; Slack redelivers whatever has no ack.
        slack.wait_for_ack(batch[kBatch / 2], 10s);
        const int hellos = slack.hellos_sent();
        slack.drop_connection();
        const bool reconnected = slack.wait_for_connections(hellos + 1, 20s);
        print_log_on_failure(scene, reconnected);
        REQUIRE(reconnected);
        for (const std::string& id : slack.pending_envelopes()) ++deliveries[id];
        slack.redeliver_unacked();
        const bool acked = wait_for_all_acks(slack, batch, 20s);
        print_log_on_failure(scene, acked);
        REQUIRE(acked);
        all.insert(all.end(), batch.begin(), batch.end());
    }
    const auto seconds =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count() /
        1000.0;
    std::cout << "fault e2e: " << kEnvelopes << " envelopes, " << kEnvelopes / kBatch
              << " drops in " << seconds << " s\n";

    CHECK(slack.pending_envelopes().empty());
    int redelivered = 0;
    for (const std::string& id : all) {
        const auto acks = slack.acks_for(id);
        INFO("envelope " << id << " delivered " << deliveries[id] << " times");
        REQUIRE(!acks.empty());
        CHECK(acks.size() <= static_cast<std::size_t>(deliveries[id]));
        std::set<int> connections;  // one ack per delivery: never twice on one connection
        for (const Ack& ack : acks) CHECK(connections.insert(ack.connection).second);
        if (deliveries[id] > 1) ++redelivered;
    }
    std::cout << "fault e2e: " << redelivered << " envelopes were delivered more than once\n";

    SqliteFile db(db_file(scene));
    const std::string round = round_of(ballot[0]);
    CHECK(db.scalar("SELECT COUNT(*) FROM suggestion_votes WHERE round_id = " + round) ==
          static_cast<long long>(votes.size()));
    CHECK(db.scalar("SELECT COUNT(DISTINCT voter) FROM suggestion_votes WHERE round_id = " +
                    round) == static_cast<long long>(votes.size()));
    CHECK(scene.bot->running());
}

TEST_CASE("kill -9 during a burst of votes: acked votes survive and no post goes out twice") {
    constexpr int kVotes = 300;
    constexpr int kChannels = 10;  // each opens a ballot during the burst: posts in flight
    BotFixture scene;
    scene.start_connected();
    FakeSlack& slack = scene.slack;
    const auto ballot = open_ballot(scene, "C0CREW", 3);
    std::vector<std::string> channels;
    for (int c = 0; c < kChannels; ++c) {
        channels.push_back(numbered("C0K", c));
        CHECK_THAT(command(slack, "/suggest", "Idea for " + channels.back(), channels.back()),
                   Contains("Added"));
    }

    std::map<std::string, std::string> voter_of;  // envelope id -> voter
    std::vector<std::string> burst;
    for (int i = 0; i < kVotes; ++i) {
        if (i % 30 == 15) {
            burst.push_back(slack.push_slash_command("/suggest", "open", channels[i / 30]));
        }
        const std::string voter = numbered("U0K", i);
        const std::string id =
            slack.push_envelope(click("C0CREW", voter, ballot[i % 3], numbered("1795791800.0", i)));
        voter_of[id] = voter;
        burst.push_back(id);
    }
    // Kill once part of the burst is acked, so some envelopes are handled-but-unacked or unread.
    const bool some_acked = wait_until(
        [&] { return slack.acks().size() >= static_cast<std::size_t>(kChannels + 4 + kVotes / 3); },
        20s, 1ms);
    ;
    scene.bot->kill_now();
    REQUIRE(some_acked);

    std::set<std::string> acked_voters;
    for (const auto& [id, voter] : voter_of) {
        if (!slack.acks_for(id).empty()) acked_voters.insert(voter);
    }
    std::cout << "fault e2e: " << acked_voters.size() << " of " << kVotes
              << " votes acked before the kill\n";
    {
        SqliteFile db(db_file(scene));
        const auto stored =
            db.column("SELECT voter FROM suggestion_votes WHERE round_id = " + round_of(ballot[0]));
        const std::set<std::string> counted(stored.begin(), stored.end());
        for (const std::string& voter : acked_voters) {
            INFO("acked vote of " << voter);
            CHECK(counted.count(voter) == 1);
        }
    }

    // Restart on the same database; Slack redelivers what was never acked.
    const int hellos = slack.hellos_sent();
    scene.start();
    const bool reconnected = slack.wait_for_connections(hellos + 1, 20s);
    print_log_on_failure(scene, reconnected);
    REQUIRE(reconnected);
    slack.redeliver_unacked();
    const bool acked = wait_for_all_acks(slack, burst, 20s);
    print_log_on_failure(scene, acked);
    REQUIRE(acked);
    CHECK(slack.pending_envelopes().empty());

    SqliteFile db(db_file(scene));
    const std::string round = round_of(ballot[0]);
    CHECK(db.scalar("SELECT COUNT(*) FROM suggestion_votes WHERE round_id = " + round) == kVotes);
    CHECK(db.scalar("SELECT COUNT(DISTINCT voter) FROM suggestion_votes WHERE round_id = " +
                    round) == kVotes);

    // Every channel's ballot is posted (nothing lost), each post's key once (nothing twice).
    const bool all_posted = wait_until(
        [&] {
            return std::all_of(channels.begin(), channels.end(),
                               [&](const auto& c) { return !slack.messages(c).empty(); });
        },
        20s);
    print_log_on_failure(scene, all_posted);
    CHECK(all_posted);
    std::map<std::string, int> posts_per_key;
    for (const ApiCall& call : slack.calls("chat.postMessage")) {
        if (succeeded(call)) ++posts_per_key[outbox_key(call)];
    }
    for (const auto& [key, posts] : posts_per_key) {
        INFO("outbox key " << key);
        CHECK(!key.empty());
        CHECK(posts == 1);
    }
    for (const std::string& channel : channels) CHECK(slack.messages(channel).size() == 1);
    CHECK(slack.messages("C0CREW").size() == 1);
}

TEST_CASE("a 429 storm on chat.postMessage and chat.update: afterwards all delivered in order") {
    constexpr int kChannels = 4;
    constexpr int kVoters = 3;
    const auto kStorm = 5s;
    BotFixture scene;
    scene.start_connected();
    FakeSlack& slack = scene.slack;
    std::vector<std::string> channels;
    for (int c = 0; c < kChannels; ++c) {
        channels.push_back(numbered("C0R", c));
        for (int i = 1; i <= 2; ++i) {
            CHECK_THAT(command(slack, "/suggest", "Idea " + std::to_string(i), channels.back()),
                       Contains("Added"));
        }
    }

    FailureSpec storm;  // 429 with Retry-After: 1 until the storm is called off
    storm.count = 100000;
    slack.fail_next("chat.postMessage", storm);
    slack.fail_next("chat.update", storm);
    const auto storm_began = Clock::now();
    // In each channel, during the storm: the ballot, three votes, the close (an announcement
    // and a last edit of the ballot).
    for (const std::string& channel : channels) {
        CHECK_THAT(command(slack, "/suggest", "open", channel), Contains("is posted"));
        SqliteFile db(db_file(scene));
        const std::string round =
            std::to_string(db.scalar("SELECT id FROM suggestion_rounds WHERE channel = '" +
                                     channel + "' AND state = 'voting'"));
        const std::string first =
            db.column("SELECT id FROM suggestions WHERE round_id = " + round + " ORDER BY id")[0];
        for (int v = 0; v < kVoters; ++v) {
            const auto id = slack.push_envelope(click(
                channel, numbered("U0W", v), round + ":" + first, numbered("1795791900.0", v)));
            REQUIRE(slack.wait_for_ack(id, 10s));
        }
        CHECK_THAT(command(slack, "/suggest", "close", channel), Contains("Closed round"));
    }
    std::this_thread::sleep_until(storm_began + kStorm);
    FailureSpec calm;  // a count of 0 calls the storm off
    calm.count = 0;
    slack.fail_next("chat.postMessage", calm);
    slack.fail_next("chat.update", calm);

    const auto closed_ballot = [&](const std::string& channel) {
        const auto messages = slack.messages(channel);
        return messages.size() == 2 &&
               messages[0].dump().find("Voting closed") != std::string::npos;
    };
    const bool delivered = wait_until(
        [&] { return std::all_of(channels.begin(), channels.end(), closed_ballot); }, 25s);
    print_log_on_failure(scene, delivered);
    REQUIRE(delivered);

    int rate_limited = 0;
    for (const ApiCall& call : slack.calls()) rate_limited += call.http_status == 429;
    INFO(rate_limited << " calls answered 429");
    CHECK(rate_limited >= 2);
    CHECK(rate_limited <= 40);  // Retry-After was waited out, not hammered

    std::map<std::string, int> posts_per_key;
    for (const std::string& channel : channels) {
        INFO("channel " << channel);
        // What the channel's members received, in the order Slack accepted it.
        std::vector<std::string> kinds, ephemeral_users;
        for (const ApiCall& call : slack.calls()) {
            if (call.args.value("channel", "") != channel || !succeeded(call)) continue;
            if (call.method == "chat.postMessage") {
                ++posts_per_key[outbox_key(call)];
                kinds.push_back(call.args.value("text", "").find("vote is closed") !=
                                        std::string::npos
                                    ? "announcement"
                                    : "ballot");
            } else if (call.method == "chat.postEphemeral") {
                kinds.push_back("ephemeral");
                ephemeral_users.push_back(call.args.value("user", ""));
            } else if (call.method == "chat.update") {
                kinds.push_back(call.args.dump().find("Voting closed") != std::string::npos
                                    ? "closing edit"
                                    : "edit");
            }
        }
        REQUIRE(!kinds.empty());
        CHECK(kinds.front() == "ballot");
        // Edits have a lane of their own, so the closing edit may overtake the announcement;
        // no older tally follows it.
        const auto last_edit = std::find_if(kinds.rbegin(), kinds.rend(), [](const auto& kind) {
            return kind == "edit" || kind == "closing edit";
        });
        REQUIRE(last_edit != kinds.rend());
        CHECK(*last_edit == "closing edit");
        CHECK(std::count(kinds.begin(), kinds.end(), "ballot") == 1);
        CHECK(std::count(kinds.begin(), kinds.end(), "announcement") == 1);
        const auto announcement = std::find(kinds.begin(), kinds.end(), "announcement");
        CHECK(std::find(announcement, kinds.end(), "ephemeral") == kinds.end());
        CHECK(std::find(announcement, kinds.end(), "edit") == kinds.end());
        CHECK(ephemeral_users == std::vector<std::string>{"U0W00000", "U0W00001", "U0W00002"});
    }
    for (const auto& [key, posts] : posts_per_key) {
        INFO("outbox key " << key);
        CHECK(posts == 1);
    }
}

TEST_CASE("the database locked by another process for 2 s: commands wait or say so") {
    BotFixture scene;
    scene.start_connected();
    FakeSlack& slack = scene.slack;
    CHECK_THAT(command(slack, "/suggest", "Before the lock", "C0CREW"), Contains("Added"));

    std::vector<std::pair<std::string, std::string>> pushed;  // envelope id, suggestion text
    {
        SqliteFile locker(db_file(scene));
        locker.exec("BEGIN EXCLUSIVE");
        for (int i = 0; i < 5; ++i) {
            const std::string text = "Locked idea " + std::to_string(i);
            pushed.emplace_back(
                slack.push_slash_command("/suggest", text, "C0CREW", numbered("U0L", i)), text);
        }
        pushed.emplace_back(slack.push_slash_command("/ritual", "help"), "");
        pushed.emplace_back(slack.push_slash_command("/suggest", "open", "C0CREW"), "");
        std::this_thread::sleep_for(2s);
        locker.exec("ROLLBACK");
    }

    std::vector<std::string> added, refused;
    for (const auto& [id, text] : pushed) {
        const std::string reply = ack_text(slack, id);
        INFO("reply to " << (text.empty() ? id : text) << ": " << reply);
        const bool failed_clearly = reply.find("nothing was changed") != std::string::npos;
        if (text.empty()) {
            CHECK((failed_clearly || !reply.empty()));
        } else if (failed_clearly) {
            refused.push_back(text);
        } else {
            CHECK_THAT(reply, Contains("Added"));
            added.push_back(text);
        }
    }
    std::cout << "fault e2e: with the database locked for 2 s, " << added.size()
              << " suggestions waited and succeeded, " << refused.size() << " were refused\n";

    // Nothing lost and nothing half-done: what was confirmed is stored, what was refused is not.
    const std::string list = command(slack, "/suggest", "list", "C0CREW");
    SqliteFile db(db_file(scene));
    const auto stored = db.column("SELECT text FROM suggestions WHERE channel = 'C0CREW'");
    for (const std::string& text : added) {
        CHECK(std::count(stored.begin(), stored.end(), text) == 1);
        CHECK_THAT(list, Contains(text));
    }
    for (const std::string& text : refused) {
        CHECK(std::count(stored.begin(), stored.end(), text) == 0);
    }
    const bool posted = wait_until([&] { return !slack.messages("C0CREW").empty(); }, 10s);
    const bool opened = db.scalar(
                            "SELECT COUNT(*) FROM suggestion_rounds WHERE channel = "
                            "'C0CREW' AND state = 'voting'") == 1;
    CHECK(posted == opened);  // the ballot is posted exactly when the open was committed
    CHECK(scene.bot->running());
}

TEST_CASE("malformed, unknown, oversized and invalid UTF-8 frames are logged and skipped - the bot keeps serving") {
    BotFixture scene;
    scene.start_connected();
    FakeSlack& slack = scene.slack;

    // Not JSON, not an object, a lone UTF-16 surrogate escape: logged; there is no id to ack.
    slack.send_raw_frame(R"({"envelope_id": "e-cut", "type": "events_api", "payl)");
    slack.send_raw_frame("[1, 2, 3]");
    slack.send_raw_frame(R"({"envelope_id":"e-surrogate","type":"events_api","payload":{"x":"\udc00"}})");
    CHECK(command(slack, "/ritual", "help", "C0CREW").find("/captain") != std::string::npos);

    // A type this bot does not know yet: acked, or Slack would keep redelivering it.
    const std::string unknown =
        slack.push_envelope({{"type", "future_feature"}, {"payload", {{"x", 1}}}});
    CHECK(slack.wait_for_ack(unknown, 10s));

    // Over 1 MiB: a 1.5 MiB command gets its usage error, a 2 MiB event is acked.
    CHECK_THAT(command(slack, "/suggest", std::string(1536 * 1024, 'x'), "C0CREW"),
               Contains("characters"));
    const std::string big_event = slack.push_event(
        {{"type", "pin_added"}, {"user", "U0ALICE"}, {"note", std::string(2 << 20, 'y')}},
        "Ev0HUGE");
    CHECK(slack.wait_for_ack(big_event, 10s));

    // Invalid UTF-8 in a text frame is a protocol error the websocket must fail on (RFC 6455
    // §8.1): the bot drops that socket, says why, and serves on a new one.
    const int hellos = slack.hellos_sent();
    slack.send_raw_frame("{\"envelope_id\":\"e-latin1\",\"type\":\"events_api\",\"payload\":"
                         "{\"x\":\"caf\xe9\"}}");
    const bool reconnected = slack.wait_for_connections(hellos + 1, 20s);
    print_log_on_failure(scene, reconnected);
    REQUIRE(reconnected);
    CHECK(command(slack, "/ritual", "help", "C0CREW").find("/captain") != std::string::npos);

    const std::string log = scene.log();
    const auto count = [&](const std::string& needle) {
        std::size_t n = 0;
        for (auto at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) ++n;
        return n;
    };
    CHECK(count("frame.invalid") == 3);
    CHECK(count("envelope.unknown_type") == 1);
    CHECK_THAT(log, Contains("socket.lost"));
    CHECK(scene.bot->running());
}

TEST_CASE("the write lock held 8 s by another process: acked in time and busy writes change nothing") {
#if defined(__SANITIZE_ADDRESS__)
    SUCCEED("8 s of waiting: run in the Debug suite only");
    return;
#endif
    BotFixture scene;
    scene.start_connected();
    FakeSlack& slack = scene.slack;
    const auto ballot = open_ballot(scene, "C0CREW", 2);
    REQUIRE(slack.wait_for_calls("chat.postMessage", 1, 10s));  // the ballot is out

    std::vector<std::string> clicks, writes;
    std::string list, help;
    Clock::time_point released;
    {
        SqliteFile locker(db_file(scene));
        locker.exec("BEGIN IMMEDIATE");
        const auto locked_at = Clock::now();
        {
            SqliteFile outsider(db_file(scene));  // any other writer is refused meanwhile
            outsider.exec("PRAGMA busy_timeout = 0");
            CHECK_THROWS_WITH(outsider.exec("BEGIN IMMEDIATE"), Contains("locked"));
        }
        for (int i = 0; i < 3; ++i) {
            clicks.push_back(slack.push_envelope(
                click("C0CREW", numbered("U0K", i), ballot[i % 2], numbered("1795791800.0", i))));
        }
        for (int i = 0; i < 2; ++i) {
            writes.push_back(slack.push_slash_command(
                "/suggest", "Locked idea " + std::to_string(i), "C0CREW", numbered("U0W", i)));
        }
        list = slack.push_slash_command("/suggest", "list", "C0CREW");
        help = slack.push_slash_command("/ritual", "help");
        for (const std::string& id : clicks) CHECK(slack.wait_for_ack(id, 7s));
        for (const std::string& id : writes)
            CHECK_THAT(ack_text(slack, id), Contains("nothing was changed"));
        CHECK_THAT(ack_text(slack, list), Contains("Idea 1 for C0CREW"));  // reads go on
        CHECK_FALSE(ack_text(slack, help).empty());
        std::this_thread::sleep_until(locked_at + 8s);
        locker.exec("COMMIT");
        released = Clock::now();
    }
    // Every envelope was acked while the lock was still held: Slack has nothing to redeliver.
    for (const std::string& id : clicks) {
        const auto ack = slack.wait_for_ack(id, 1s);
        REQUIRE(ack);
        CHECK(ack->acked_at < released);
    }
    CHECK(slack.pending_envelopes().empty());

    // What was refused changed nothing; the bot is up and the next vote counts, posted once.
    SqliteFile db(db_file(scene));
    CHECK(db.scalar("SELECT COUNT(*) FROM suggestion_votes WHERE voter LIKE 'U0K%'") == 0);
    CHECK(db.scalar("SELECT COUNT(*) FROM suggestions WHERE text LIKE 'Locked idea%'") == 0);
    REQUIRE(slack.wait_for_ack(
        slack.push_envelope(click("C0CREW", "U0AFTER", ballot[0], "1795791900.000001")), 5s));
    CHECK(db.scalar("SELECT COUNT(*) FROM suggestion_votes WHERE voter = 'U0AFTER'") == 1);
    CHECK(scene.bot->running());
    CHECK(slack.calls("chat.postMessage").size() == 1);  // the ballot, never posted again
}

TEST_CASE("ritualbot import of 200000 rows against the live database while envelopes flow - all acked in time") {
#if defined(__SANITIZE_ADDRESS__)
    SUCCEED("a 200,000-row import: run in the Debug suite only");
    return;
#endif
    BotFixture scene;
    const std::string csv = scene.dir + "/tickets.csv";
    {
        std::ofstream out(csv, std::ios::binary);
        REQUIRE(ritualbot::commands::write_synthetic_csv(out, 200'000) == 200'000);
    }
    scene.start_connected();
    FakeSlack& slack = scene.slack;

    BotProcess import(RITUALBOT_BINARY, {"import", "--channel", "C0CREW", "--file", csv},
                      scene.environment(), scene.dir + "/import.log");
    // While it runs, each round: a command that writes, one that reads, a mention (an event
    // whose answer is written to the outbox). Bounded by count and by a deadline.
    std::vector<std::pair<std::string, std::string>> writes;  // envelope id, suggestion text
    std::vector<std::string> reads, events;
    const auto deadline = Clock::now() + 150s;
    for (int round = 0; round < 2000 && import.running() && Clock::now() < deadline; ++round) {
        const std::string text = "Idea during the import " + std::to_string(round);
        writes.emplace_back(
            slack.push_slash_command("/suggest", text, "C0CREW", numbered("U0I", round)), text);
        reads.push_back(slack.push_slash_command("/captain", "who", "C0CREW"));
        events.push_back(slack.push_event(mention("help", numbered("1795791700.", round)),
                                          numbered("EvImport", round)));
        std::this_thread::sleep_for(250ms);
    }
    int exit_code = -1;
    REQUIRE(import.wait_for_exit(60s, &exit_code));
    INFO(import.log());
    CHECK(exit_code == 0);
    CHECK_THAT(import.log(), Contains("200000 accepted, 0 rejected"));
    std::cout << "import under load: " << writes.size() << " rounds of envelopes during the import\n";
    REQUIRE(writes.size() >= 3);  // the envelopes really met the import

    // Slack's view: every envelope acked, none after its window (nothing to redeliver).
    std::vector<std::string> all = reads;
    all.insert(all.end(), events.begin(), events.end());
    for (const auto& [id, text] : writes) all.push_back(id);
    const bool acked = wait_for_all_acks(slack, all, 20s);
    print_log_on_failure(scene, acked);
    CHECK(acked);
    CHECK(slack.late_acks().empty());
    CHECK(slack.pending_envelopes().empty());

    // Every command answered and applied between two batches of the import; every event too.
    SqliteFile db(db_file(scene));
    const auto stored = db.column("SELECT text FROM suggestions WHERE channel = 'C0CREW'");
    for (const auto& [id, text] : writes) {
        INFO(text);
        CHECK_THAT(ack_text(slack, id), Contains("Added"));
        CHECK(std::count(stored.begin(), stored.end(), text) == 1);
    }
    for (const std::string& id : reads) CHECK_FALSE(ack_text(slack, id).empty());
    CHECK(wait_until(
        [&] {
            return db.scalar("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE "
                             "'event:EvImport%'") == static_cast<long long>(events.size());
        },
        10s));
    CHECK(db.scalar("SELECT COUNT(*) FROM tickets WHERE channel = 'C0CREW'") == 200'000);
    CHECK(scene.bot->running());
}
