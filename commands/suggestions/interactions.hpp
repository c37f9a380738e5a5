#pragma once
// What bot/ calls when someone clicks the ballot, submits the suggestion form or uses the
// "Suggest from message" shortcut. Inputs are domain values bot/ reads from the interactive
// payload; results are effects (and, for the form, per-field errors that bot/ turns into
// `response_action: errors`). Each runs in one (nested) transaction with its audit row.

#include <string>

#include "commands/command_table.hpp"

namespace ritualbot::commands::suggestions {

struct VoteClick {
    std::string channel;
    std::string user;
    std::string value;  // the button's value: "<round>:<suggestion>"
};

// The voter's ephemeral answer and the ballot's update; "voting closed" when it is.
Effects vote_click(const VoteClick& click, Context& context);

struct SuggestionForm {
    std::string channel;  // from the view's private_metadata
    std::string user;
    std::string text;       // as typed: plain, not escaped
    std::string procedure;  // as typed; may be empty
    bool anonymous = false;
};

// Accepted: the effects include the author's ephemeral confirmation.
FormOutcome submit_form(const SuggestionForm& form, Context& context);

// The shortcut on a message: opens the form prefilled with the message's text (as Slack sent
// it, escaped).
Effects form_from_message(const std::string& trigger_id, const std::string& channel,
                          const std::string& message_text);

}  // namespace ritualbot::commands::suggestions
