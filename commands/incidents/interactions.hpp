#pragma once
// What bot/ calls for the incident reviews' interactive payloads: the review form's submission
// (saved as a draft, per-field errors otherwise), and the "Add to incident timeline" message
// shortcut, which adds the message to the channel's one open incident or asks which one in a
// form. Inputs are domain values bot/ reads from the payloads; each change commits in one
// (nested) transaction with its audit row.

#include <cstdint>
#include <string>

#include "commands/command_table.hpp"
#include "storage/incidents.hpp"

namespace ritualbot::commands::incidents {

struct ReviewForm {
    std::string channel;           // from private_metadata
    std::int64_t incident_id = 0;  // likewise; 0: a new review
    std::string user;
    storage::IncidentFields fields;  // as typed: plain, not escaped
};
FormOutcome submit_review(const ReviewForm& form, Context& context);

struct NoteShortcut {
    std::string trigger_id;
    std::string channel;       // where the message is: the crew whose incident it goes to
    std::string user;          // who used the shortcut
    std::string author;        // who wrote the message
    std::string message_text;  // as Slack sent it (escaped)
    std::string permalink;
    std::int64_t said_at = 0;  // the message's time, unix ms
};
Effects note_from_message(const NoteShortcut& shortcut, Context& context);

struct NoteForm {
    std::string channel;  // the NoteModal's private_metadata
    std::string permalink;
    std::string author;
    std::int64_t said_at = 0;
    std::string user;
    std::string incident;  // the picked option's value (an incident id)
    std::string text;      // as typed: plain, not escaped
};
FormOutcome submit_note(const NoteForm& form, Context& context);

}  // namespace ritualbot::commands::incidents
