#pragma once
// What is open in a crew and whose it is, as domain values: investigations, improvements,
// procedures marked for update, and outliers nobody picked up. The captain's handoff lists a
// crew's (handoff.hpp); the Home tab lists a person's across their crews (home/home_view.hpp).
// Text is mrkdwn with user text escaped, ready for commands/render. Reads through the Database.

#include <cstdint>
#include <string>
#include <vector>

#include "commands/schedule/local_time.hpp"
#include "storage/database.hpp"

namespace ritualbot::commands::handoff {

struct Investigation {
    std::string channel{};
    std::string outlier_id{};  // o-2026-11-20-1
    std::string what{};        // "reopen rate · billing"
    std::string owner{};       // Slack user id
    std::int64_t days_open = 0;
    bool has_cause = false;
    bool overdue = false;  // open longer than kOverdueInvestigationDays
};

struct Improvement {
    std::string channel{};
    std::int64_t id = 0;     // the suggestion's #id
    std::string title{};     // "*#12* Better refund macro"
    std::string owner{};     // empty: nobody yet
    std::string due_date{};  // YYYY-MM-DD; empty: no due date
    bool overdue = false;
};

struct MarkedProcedure {
    std::string channel{};
    std::string name{};  // as written
    std::string owner{};
    std::string link{};  // empty: none
    std::string note{};  // what needs changing; may be empty
};

struct UnclaimedOutlier {
    std::string channel{};
    std::string id{};           // o-2026-11-20-1
    std::string digest_date{};  // YYYY-MM-DD
    std::string what{};         // "first response · billing"
    std::string why{};          // the digest's numbers
};

// Improvements due within this many days (or overdue) are in the handoff.
inline constexpr int kImprovementDueSoonDays = 7;
// Outliers flagged on this many days before today with no investigation are in the handoff
// (three, so Monday's covers the weekend's).
inline constexpr int kUnclaimedOutlierDays = 3;

// The open work an outgoing captain hands over.
struct OpenWork {
    std::vector<Investigation> investigations{};  // open, without a cause yet
    std::vector<Improvement> improvements{};      // due within kImprovementDueSoonDays, or overdue
    std::vector<MarkedProcedure> procedures{};    // marked for update
    std::vector<UnclaimedOutlier> unclaimed{};    // flagged lately, nobody picked up
};

OpenWork handoff_work(storage::Database& db, const std::string& channel, LocalDate today,
                      std::int64_t now_ms);

// Open investigations of the channel, oldest first.
std::vector<Investigation> open_investigations(storage::Database& db, const std::string& channel,
                                               std::int64_t now_ms);
// Open improvements of the channel, oldest first.
std::vector<Improvement> open_improvements(storage::Database& db, const std::string& channel,
                                           LocalDate today);
std::vector<MarkedProcedure> marked_procedures(storage::Database& db, const std::string& channel);
// Outliers flagged for the kUnclaimedOutlierDays dates before today that nobody investigates.
std::vector<UnclaimedOutlier> unclaimed_outliers(storage::Database& db, const std::string& channel,
                                                 LocalDate today);

}  // namespace ritualbot::commands::handoff
