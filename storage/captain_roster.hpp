#pragma once

// The rotating captain's stored state per channel: when the rotation started, the ordered
// roster, the ledger of shifts that have started (who served which shift), and the pending
// handoff note. The rotation rule itself lives in commands/captain/rotation.*; this only stores.
// Dates are local YYYY-MM-DD in the channel's zone; times unix ms.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct RosterMember {
    std::string user;
    std::int64_t position = 0;  // order of the roster; gaps are fine
    // Shifts counted for this person before their first ledger row, so someone who joins later
    // starts level with the crew instead of owing or being owed the past.
    std::int64_t credit = 0;
    std::int64_t joined_at = 0;
};

struct ShiftRecord {
    std::string start_date;  // local date the shift started
    std::string user;
    std::int64_t started_at = 0;
    // Roster position whose turn it was after this shift; the rotation continues after it.
    std::int64_t turn_position = 0;
};

struct Handoff {
    std::string text;  // mrkdwn, user text escaped
    std::string by;
    std::int64_t at = 0;
};

struct RotationStart {
    std::int64_t started_at = 0;  // when the first person joined
    std::string epoch_date;       // the first shift's start date
};

class CaptainRoster {
public:
    explicit CaptainRoster(Database& db) : db_(db) {}

    std::optional<RotationStart> start(const std::string& channel);
    void set_start(const std::string& channel, const RotationStart& start);  // once; kept after
    std::vector<std::string> channels();  // channels whose rotation has started

    std::vector<RosterMember> members(const std::string& channel);  // in roster order
    std::vector<std::string> channels_listing(const std::string& user);  // by channel
    // False, changing nothing, when the user is already on the roster. Appends at the end.
    bool add(const std::string& channel, const std::string& user, std::int64_t credit,
             std::int64_t now_ms);
    bool remove(const std::string& channel, const std::string& user);

    std::vector<ShiftRecord> shifts(const std::string& channel);  // oldest first
    // False when the shift was recorded already (its first record stands).
    bool record_shift(const std::string& channel, const ShiftRecord& shift);
    // Re-opens a recorded shift (a captain who skips the shift in progress); false if absent.
    bool delete_shift(const std::string& channel, const std::string& start_date);

    std::optional<Handoff> handoff(const std::string& channel);
    void set_handoff(const std::string& channel, const Handoff& handoff);
    void clear_handoff(const std::string& channel);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
