#include "commands/captain/rotation.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>

namespace rc = ritualbot::commands;
namespace rs = ritualbot::storage;
using Users = std::vector<std::string>;

namespace {

rc::LocalDate day(int y, unsigned m, unsigned d) {
    return rc::LocalDate{date::year{y} / date::month{m} / date::day{d}};
}

std::vector<rs::RosterMember> roster(const Users& users) {
    std::vector<rs::RosterMember> out;
    std::int64_t position = 0;
    for (const auto& user : users) out.push_back({user, ++position, 0, 0});
    return out;
}

rs::Override rule(rs::OverrideKind kind, std::string user, rc::LocalDate from,
                  std::optional<rc::LocalDate> to = std::nullopt, std::string partner = "") {
    rs::Override o;
    o.partner = std::move(partner);
    o.kind = kind;
    o.user = std::move(user);
    o.from_date = rc::format_date(from);
    o.to_date = rc::format_date(to.value_or(from));
    return o;
}

// Working days (Mon–Fri) from `from`, n of them.
std::vector<rc::LocalDate> working_days(rc::LocalDate from, int n,
                                        rc::WorkingDays days = rc::WorkingDays{}) {
    std::vector<rc::LocalDate> out;
    for (rc::LocalDate d = from; static_cast<int>(out.size()) < n; d += date::days{1}) {
        if (days.contains(d)) out.push_back(d);
    }
    return out;
}

// Plays the rule shift by shift the way storage does: the ledger grows, and the rotation is
// rebuilt from it each time, so this also checks that the schedule is derivable.
struct Crew {
    std::vector<rs::RosterMember> members{};
    std::vector<rs::ShiftRecord> ledger{};
    std::vector<rs::Override> overrides{};

    std::optional<rc::Pick> pick(rc::LocalDate date) const {
        return rc::Rotation(members, ledger, overrides).pick({date, date});
    }
    std::string serve(rc::LocalDate date) {
        const auto chosen = pick(date);
        if (!chosen) return "-";
        ledger.push_back({rc::format_date(date), chosen->user, 0, chosen->turn_position});
        return chosen->user;
    }
    Users run(const std::vector<rc::LocalDate>& dates) {
        Users out;
        for (const auto& date : dates) out.push_back(serve(date));
        return out;
    }
    std::map<std::string, int> served() const {
        std::map<std::string, int> out;
        for (const auto& m : members) out[m.user] = 0;
        for (const auto& s : ledger) ++out[s.user];
        return out;
    }
};

int spread(const std::map<std::string, int>& served) {
    const auto [lo, hi] =
        std::minmax_element(served.begin(), served.end(),
                            [](const auto& a, const auto& b) { return a.second < b.second; });
    return hi->second - lo->second;
}

}  // namespace

TEST_CASE("with no overrides the rotation is round robin in roster order", "[rotation]") {
    Crew crew{roster({"A", "B", "C"})};
    CHECK(crew.run(working_days(day(2026, 11, 2), 7)) == Users{"A", "B", "C", "A", "B", "C", "A"});
    Crew empty{};
    CHECK_FALSE(empty.pick(day(2026, 11, 2)));
}

TEST_CASE("a skipped person is covered by the next and is first in line afterwards", "[rotation]") {
    const auto days = working_days(day(2026, 11, 2), 8);
    Crew crew{roster({"A", "B", "C", "D"})};
    crew.overrides.push_back(rule(rs::OverrideKind::skip, "B", days[1]));
    const auto covering = [&] {
        Crew probe = crew;
        probe.serve(days[0]);
        return *probe.pick(days[1]);
    }();
    CHECK(covering.user == "C");
    CHECK(covering.reason == rc::PickReason::covering);
    CHECK(covering.turn_of == "B");
    CHECK(covering.turn_why == "skip");
    // B serves right after, then the roster order resumes.
    CHECK(crew.run(days) == Users{"A", "C", "B", "D", "A", "B", "C", "D"});
}

TEST_CASE("an away person keeps their place and gets the turns back", "[rotation]") {
    const auto days = working_days(day(2026, 11, 2), 8);
    Crew crew{roster({"A", "B", "C", "D"})};
    crew.overrides.push_back(rule(rs::OverrideKind::away, "A", days[0], days[2]));
    CHECK(crew.run(days) == Users{"B", "C", "D", "A", "B", "C", "D", "A"});
    CHECK(spread(crew.served()) == 0);
}

TEST_CASE("a swap exchanges two next shifts and nothing else", "[rotation]") {
    const auto days = working_days(day(2026, 11, 2), 8);
    Crew crew{roster({"A", "B", "C", "D"})};
    crew.overrides.push_back(rule(rs::OverrideKind::pin, "C", days[0], std::nullopt, "A"));
    crew.overrides.push_back(rule(rs::OverrideKind::pin, "A", days[2], std::nullopt, "C"));
    CHECK(crew.run(days) == Users{"C", "B", "A", "D", "A", "B", "C", "D"});
}

TEST_CASE("nobody available leaves the shift empty", "[rotation]") {
    const auto d = day(2026, 11, 2);
    Crew crew{roster({"A"})};
    crew.overrides.push_back(rule(rs::OverrideKind::away, "A", d));
    CHECK_FALSE(crew.pick(d));
}

TEST_CASE("a weekly shift counts an away that touches any day of its week", "[rotation]") {
    Crew crew{roster({"A", "B"})};
    crew.overrides.push_back(rule(rs::OverrideKind::away, "A", day(2026, 11, 6)));  // a Friday
    const rc::Rotation rotation(crew.members, crew.ledger, crew.overrides);
    CHECK(rotation.pick({day(2026, 11, 2), day(2026, 11, 8)})->user == "B");
    CHECK(rotation.pick({day(2026, 11, 9), day(2026, 11, 15)})->user == "A");
}

TEST_CASE("a person who joins starts level and does not take a run of shifts", "[rotation]") {
    Crew crew{roster({"A", "B"})};
    crew.run(working_days(day(2026, 11, 2), 10));
    // Credit = the crew's lowest count, as /captain add computes it.
    const auto lowest = rc::Rotation(crew.members, crew.ledger, crew.overrides).lowest_count();
    crew.members.push_back({"C", 3, lowest, 0});
    // B served last, so the cycle goes on to C, the end of the roster, then A.
    CHECK(crew.run(working_days(day(2026, 11, 16), 6)) == Users{"C", "A", "B", "C", "A", "B"});
}

TEST_CASE("excluding weekends starves nobody, whatever the roster size", "[rotation][fairness]") {
    for (int size = 2; size <= 8; ++size) {
        INFO("roster size " << size);
        Users users;
        for (int i = 0; i < size; ++i) users.push_back('U' + std::to_string(i));
        Crew crew{roster(users)};
        crew.run(working_days(day(2026, 1, 1), 261));
        CHECK(spread(crew.served()) <= 1);
        for (const auto& [user, n] : crew.served()) CHECK(n >= 261 / size);
    }
}

TEST_CASE("over a year of random overrides, served shifts differ by at most one",
          "[rotation][fairness]") {
    const Users users{"A", "B", "C", "D", "E", "F"};
    for (const unsigned seed : {1u, 7u, 42u, 2026u}) {
        INFO("seed " << seed);
        std::mt19937 random(seed);
        const auto chance = [&](int percent) {
            return std::uniform_int_distribution<int>(0, 99)(random) < percent;
        };
        const auto anyone = [&] {
            return users[std::uniform_int_distribution<std::size_t>(0, users.size() - 1)(random)];
        };
        const auto days = working_days(day(2026, 1, 1), 261);
        // Overrides stop at the start of December so the owed turns can be paid back.
        const rc::LocalDate last_override = day(2026, 12, 1);
        Crew crew{roster(users)};
        int skips = 0, aways = 0, swaps = 0;
        for (std::size_t i = 0; i < days.size(); ++i) {
            const rc::LocalDate today = days[i];
            if (today < last_override && i + 20 < days.size()) {
                if (chance(20)) {
                    crew.overrides.push_back(
                        rule(rs::OverrideKind::skip, anyone(), days[i + 1 + random() % 10]));
                    ++skips;
                }
                if (chance(4)) {
                    const auto from = days[i + 1 + random() % 10];
                    crew.overrides.push_back(rule(rs::OverrideKind::away, anyone(), from,
                                                  from + date::days{1 + random() % 10}));
                    ++aways;
                }
                if (chance(5)) {
                    // Swap the next shifts of two people, as /captain swap does.
                    const std::string a = anyone(), b = anyone();
                    Crew probe = crew;
                    std::optional<rc::LocalDate> next_a, next_b;
                    for (std::size_t j = i; j < i + 20 && (!next_a || !next_b); ++j) {
                        const std::string who = probe.serve(days[j]);
                        if (who == a && !next_a) next_a = days[j];
                        if (who == b && !next_b) next_b = days[j];
                    }
                    if (a != b && next_a && next_b) {
                        crew.overrides.push_back(
                            rule(rs::OverrideKind::pin, b, *next_a, std::nullopt, a));
                        crew.overrides.push_back(
                            rule(rs::OverrideKind::pin, a, *next_b, std::nullopt, b));
                        ++swaps;
                    }
                }
            }
            const auto chosen = crew.pick(today);
            REQUIRE(chosen);
            // Never someone who skipped this shift or is away.
            for (const auto& o : crew.overrides) {
                if (o.user != chosen->user) continue;
                const auto from = *rc::parse_iso_date(o.from_date);
                const auto to = *rc::parse_iso_date(o.to_date);
                const bool blocked =
                    o.kind != rs::OverrideKind::pin && from <= today && today <= to;
                CHECK_FALSE(blocked);
            }
            crew.serve(today);
        }
        CHECK(skips > 20);
        CHECK(aways > 3);
        CHECK(swaps > 3);
        CHECK(crew.ledger.size() == days.size());
        CHECK(spread(crew.served()) <= 1);
    }
}

TEST_CASE("the same inputs give the same schedule", "[rotation]") {
    Crew crew{roster({"A", "B", "C"})};
    crew.overrides.push_back(rule(rs::OverrideKind::skip, "B", day(2026, 11, 3)));
    crew.run(working_days(day(2026, 11, 2), 4));
    const rc::Rotation one(crew.members, crew.ledger, crew.overrides);
    const rc::Rotation two(crew.members, crew.ledger, crew.overrides);
    for (const auto& d : working_days(day(2026, 11, 9), 5)) {
        CHECK(one.pick({d, d})->user == two.pick({d, d})->user);
    }
}
