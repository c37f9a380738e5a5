#pragma once
// The captain rotation rule, as a pure function of the roster, the ledger of shifts already
// served and the overrides. Same inputs, same schedule: nothing here reads a clock or storage.
//
// The rule, per shift in date order:
// 1. A shift pinned to someone (one half of a swap) goes to them, and the pointer moves to
//    their swap partner, whose turn it was, so the order after the swap is unchanged.
// 2. Otherwise rank the roster by shifts counted (fewest first), then by roster position,
//    cycling from just after the turn pointer. The first in that ranking has the turn.
// 3. If they cannot serve (skipped this shift, away, or holding a pinned shift later), the
//    available person with the fewest shifts covers (ties: the next in roster order after the
//    last captain, so covering is spread), and the pointer stays put: the person whose turn it
//    was still counts fewer shifts, so they rank first at the next shift they can serve.
//    Nobody loses or gains a turn, and the roster order resumes afterwards.
// Counting shifts (not calendar days) is what keeps a crew that skips weekends, or a roster
// whose size divides the week, from starving anyone. A person who joins starts with a credit
// equal to the crew's lowest count, so they are neither owed nor owing the past.
// Not thread-safe; a value type used by one handler at a time.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "commands/schedule/local_time.hpp"
#include "storage/captain_overrides.hpp"
#include "storage/captain_roster.hpp"

namespace ritualbot::commands {

// One shift: it starts on `start` and, for the away rule, lasts through `last_day`.
struct Slot {
    LocalDate start;
    LocalDate last_day;
};

enum class PickReason { in_turn, covering, pinned };

struct Pick {
    std::string user;
    PickReason reason = PickReason::in_turn;
    std::string turn_of;             // covering: whose turn it was
    std::string turn_why;            // covering: "skip", "away" or "swap"
    std::int64_t turn_position = 0;  // the pointer after this shift
    std::int64_t position = 0;       // the captain's roster position
};

struct Tally {
    std::string user;
    std::int64_t served = 0;   // shifts in the ledger (and planned ones counted so far)
    std::int64_t counted = 0;  // served + credit: what the rule compares
};

class Rotation {
public:
    Rotation(std::vector<storage::RosterMember> roster,
             const std::vector<storage::ShiftRecord>& ledger,
             const std::vector<storage::Override>& overrides);

    // Who serves this shift; nullopt when nobody on the roster can.
    std::optional<Pick> pick(const Slot& slot) const;
    // Counts the shift for its captain and moves the pointer.
    void serve(const Pick& pick);

    // Roster order; counts include every shift served so far.
    std::vector<Tally> tallies() const;
    std::int64_t lowest_count() const;  // 0 for an empty roster
    std::int64_t served_total(const std::string& user) const;

private:
    struct Span {
        LocalDate from, to;
    };
    struct Rules {
        std::vector<LocalDate> skips;
        std::vector<LocalDate> pins;
        std::vector<Span> aways;
    };

    bool skipped(const std::string& user, const Slot& slot) const;
    bool away(const std::string& user, const Slot& slot) const;
    bool pinned_later(const std::string& user, const Slot& slot) const;
    std::int64_t counted(const storage::RosterMember& member) const;
    std::optional<std::int64_t> position_of(const std::string& user) const;

    std::vector<storage::RosterMember> roster_;
    std::map<std::string, std::int64_t> served_;
    std::map<std::string, Rules> rules_;
    std::map<std::string, std::string> partners_;  // "user@date" of a pin -> swap partner
    std::int64_t pointer_ = 0;
    std::int64_t last_position_ = 0;  // roster position of the last captain
};

}  // namespace ritualbot::commands
