#pragma once
// What bot/ calls when someone clicks a digest's "Owner & cause" button or submits the form it
// opens. Inputs are domain values bot/ reads from the interactive payload; results are effects
// (and, for the form, per-field errors that bot/ turns into `response_action: errors`). The
// submission runs in one (nested) transaction and records through the same rule as
// `/outliers ack` (investigations.hpp), with the values as typed: nothing is re-parsed.

#include <string>

#include "commands/command_table.hpp"

namespace ritualbot::commands::outliers {

struct InvestigateClick {
    std::string trigger_id;
    std::string channel;  // where it was clicked: a DM copy's is not the crew's channel
    std::string value;    // the button's: render::investigation_reference, or (digests posted
                          // before it) the bare outlier id of the channel clicked in
};

// Opens the form for the outlier the button names (with a picker of the channel's playbook
// procedures when it has some); nothing when the click lacks a trigger or names no outlier.
Effects investigate_click(const InvestigateClick& click, Context& context);

struct InvestigationForm {
    std::string channel;     // from the view's private_metadata
    std::string outlier_id;  // likewise
    std::string user;        // who submits
    std::string owner;       // the selected user id; empty: none picked
    std::string cause;       // as typed: plain, not escaped
    std::string procedure{};  // the picked procedure's id (option value); empty: none
};

// With a cause, opens the investigation (as `/outliers ack`); with only the owner, assigns it
// (as `/outliers assign`: announcement and the owner's DM); with a procedure, links it.
// Refused: the error under its field.
FormOutcome submit_investigation(const InvestigationForm& form, Context& context);

}  // namespace ritualbot::commands::outliers
