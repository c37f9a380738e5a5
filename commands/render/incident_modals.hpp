#pragma once
// The incident review's forms as modal views: the review template (new or a draft to edit,
// prefilled), and "Add to incident timeline" when several incidents are open. What rides in
// each view's private_metadata is read back by the read_* functions. Pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/incidents.hpp"

namespace ritualbot::commands::render {

struct ReviewModal {
    std::string channel;
    std::int64_t incident_id = 0;  // 0: a new review, saved as a draft on submission
    storage::IncidentFields fields{};
};
nlohmann::json review_view(const ReviewModal& modal);
// The channel and incident review_view put in private_metadata; nullopt when it is not that.
std::optional<ReviewModal> read_review_metadata(std::string_view private_metadata);

struct IncidentChoice {
    std::int64_t id = 0;
    std::string title;
};
// Which open incident, and the message's words (editable). The message's channel, permalink,
// author and time ride in private_metadata.
struct NoteModal {
    std::string channel;
    std::string permalink;
    std::string author;
    std::int64_t said_at = 0;  // unix ms
    std::string text;          // plain, unescaped
    std::vector<IncidentChoice> incidents{};
};
nlohmann::json note_view(const NoteModal& modal);
std::optional<NoteModal> read_note_metadata(std::string_view private_metadata);

}  // namespace ritualbot::commands::render
