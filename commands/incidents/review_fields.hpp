#pragma once
// The incident review template, field by field: what the form asks (label and hint), where
// Slack returns each answer (block_id), its limit and whether it may stay empty. The form, its
// checks, bot/'s reading of a submission and the published summary all walk this one list.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "storage/incidents.hpp"

namespace ritualbot::commands::incidents {

struct ReviewField {
    std::string_view block_id;
    std::string_view label;
    std::string_view hint;  // the input's placeholder
    std::size_t max_chars;  // code points, as typed
    bool required;
    bool multiline;
    std::string storage::IncidentFields::*member;
};

inline constexpr std::size_t kMaxTitleChars = 150;

inline const std::array<ReviewField, 7> kReviewFields = {{
    {"incident_title", "Title", "Refund emails sent twice", kMaxTitleChars, true, false,
     &storage::IncidentFields::title},
    {"incident_summary", "What happened", "In a few sentences, for someone who was not there", 2000,
     true, true, &storage::IncidentFields::summary},
    {"incident_timeline", "Timeline", "One event per line: 14:05 Pager fired", 3000, false, true,
     &storage::IncidentFields::timeline},
    {"incident_factors", "Contributing factors",
     "What made it possible or worse: tools, load, gaps in a procedure", 2000, false, true,
     &storage::IncidentFields::factors},
    {"incident_impact", "Impact", "Customers affected, tickets, how long it lasted", 1000, false,
     true, &storage::IncidentFields::impact},
    {"incident_hindsight", "What was reasonable to know at the time",
     "What the people involved knew and could have known then, not what we know now", 2000, false,
     true, &storage::IncidentFields::hindsight},
    {"incident_countermeasures", "Countermeasures",
     "One per line: Add a dedupe check @U123ABC due 2026-12-15 #refunds", 2000, false, true,
     &storage::IncidentFields::countermeasures},
}};

// The fields by their role, for code that treats one of them specially.
inline const ReviewField& kTitleField = kReviewFields[0];
inline const ReviewField& kTimelineField = kReviewFields[2];
inline const ReviewField& kCountermeasuresField = kReviewFields[6];

}  // namespace ritualbot::commands::incidents
