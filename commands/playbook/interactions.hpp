#pragma once
// What bot/ calls for the playbook's interactive payloads: the "Add as customer voice" message
// shortcut opens a form (which procedure, the words), and its submission keeps the words with
// the procedure and the message's permalink. Inputs are domain values bot/ reads from the
// payloads; results are effects and, for the form, per-field errors. The submission runs in one
// (nested) transaction with its audit row.

#include <string>
#include <vector>

#include "commands/command_table.hpp"
#include "commands/render/modals.hpp"

namespace ritualbot::commands::playbook {

// The channel's procedures as a form's picker offers them.
std::vector<render::ProcedureChoice> procedure_choices(storage::Database& db,
                                                       const std::string& channel);

struct VoiceShortcut {
    std::string trigger_id;
    std::string channel;       // where the message is: the crew whose playbook it goes to
    std::string user;          // who used the shortcut
    std::string message_text;  // as Slack sent it (escaped)
    std::string permalink;     // the message's
};

// Opens the form; when the channel's playbook is empty, tells the person (privately) how to add
// a procedure instead.
Effects voice_from_message(const VoiceShortcut& shortcut, Context& context);

struct VoiceForm {
    std::string channel;    // from private_metadata
    std::string permalink;  // likewise
    std::string user;
    std::string procedure;  // the picked option's value (a procedure id); empty: none
    std::string text;       // as typed: plain, not escaped
};

FormOutcome submit_voice(const VoiceForm& form, Context& context);

}  // namespace ritualbot::commands::playbook
