#pragma once
// The names Slack sends back to the bot, and the limits of the fields behind them, written once:
// the renderer puts them into blocks and views, bot/ routes clicks and submissions by them, and
// the rituals check submitted values against the same limits.

#include <cstddef>
#include <string_view>

namespace ritualbot::commands::outliers {

// The digest's "Owner & cause" button (its value is the outlier id) and the modal it opens.
inline constexpr std::string_view kInvestigateAction = "outliers_ack";
inline constexpr std::string_view kInvestigateCallback = "outliers_ack_modal";
// "Share chart in channel" under `/outliers trend`'s answer.
inline constexpr std::string_view kShareChartAction = "outliers_share_chart";
// The modal's inputs: block_id and action_id of each.
inline constexpr std::string_view kOwnerBlock = "owner";
inline constexpr std::string_view kOwnerAction = "owner";
inline constexpr std::string_view kCauseBlock = "cause";
inline constexpr std::string_view kCauseAction = "cause";
inline constexpr std::size_t kMaxCauseLength = 500;  // bytes, as typed
// The optional playbook procedure it concerns (a static_select; shown when there are some).
inline constexpr std::string_view kProcedureBlock = "procedure";
inline constexpr std::string_view kProcedureAction = "procedure";

}  // namespace ritualbot::commands::outliers

namespace ritualbot::commands::suggestions {

// The ballot's vote button, the suggestion form and the message shortcut that opens it.
inline constexpr std::string_view kVoteAction = "suggest_vote";
inline constexpr std::string_view kFormCallback = "suggest_modal";
inline constexpr std::string_view kFromMessageCallback = "suggest_from_message";
// The form's inputs: block_id and action_id of each, where view_submission carries the values.
inline constexpr std::string_view kTextBlock = "suggestion_text";
inline constexpr std::string_view kTextAction = "text";
inline constexpr std::string_view kProcedureBlock = "suggestion_procedure";
inline constexpr std::string_view kProcedureAction = "procedure";
inline constexpr std::string_view kAnonBlock = "suggestion_anon";
inline constexpr std::string_view kAnonAction = "anon";
inline constexpr std::size_t kMaxSuggestionChars = 1000;  // code points, checked on submit

}  // namespace ritualbot::commands::suggestions

namespace ritualbot::commands::tickets {

// The message shortcut "Import tickets" on a message that carries a CSV.
inline constexpr std::string_view kImportTicketsCallback = "import_tickets";

}  // namespace ritualbot::commands::tickets

namespace ritualbot::commands::playbook {

// The message shortcut that keeps a customer's words with a procedure, and the form it opens.
// The shortcut's name is what people see in the message menu (Slack allows 24 characters).
inline constexpr std::string_view kVoiceShortcut = "playbook_customer_voice";
inline constexpr std::string_view kVoiceShortcutName = "Add as customer voice";
inline constexpr std::string_view kVoiceCallback = "playbook_voice_modal";
inline constexpr std::string_view kVoiceProcedureBlock = "voice_procedure";
inline constexpr std::string_view kVoiceProcedureAction = "procedure";
inline constexpr std::string_view kVoiceTextBlock = "voice_text";
inline constexpr std::string_view kVoiceTextAction = "text";
inline constexpr std::size_t kMaxVoiceChars = 2000;  // code points, checked on submit
// A static_select holds at most 100 options; a crew's playbook rarely comes near.
inline constexpr std::size_t kMaxProcedureOptions = 100;

}  // namespace ritualbot::commands::playbook

namespace ritualbot::commands::captain {

// The buttons in the DM that asks someone to accept a captain swap (value: the request id).
inline constexpr std::string_view kSwapAcceptAction = "captain_swap_accept";
inline constexpr std::string_view kSwapDeclineAction = "captain_swap_decline";

}  // namespace ritualbot::commands::captain

namespace ritualbot::commands::incidents {

// The incident review form (its inputs are listed in incidents/review_fields.hpp, each under
// its own block_id with kFieldAction as action_id).
inline constexpr std::string_view kReviewCallback = "incident_review_modal";
inline constexpr std::string_view kFieldAction = "text";
// A review holds at most this many countermeasures (one improvement each).
inline constexpr std::size_t kMaxCountermeasures = 10;

// The message shortcut that adds a message to an open incident's timeline, and the form that
// asks which incident when several are open (Slack allows 24 characters for the name).
inline constexpr std::string_view kNoteShortcut = "incident_timeline_note";
inline constexpr std::string_view kNoteShortcutName = "Add to incident timeline";
inline constexpr std::string_view kNoteCallback = "incident_note_modal";
inline constexpr std::string_view kNoteIncidentBlock = "note_incident";
inline constexpr std::string_view kNoteIncidentAction = "incident";
inline constexpr std::string_view kNoteTextBlock = "note_text";
inline constexpr std::string_view kNoteTextAction = "text";
inline constexpr std::size_t kMaxNoteChars = 1000;  // code points, as Slack sent them

}  // namespace ritualbot::commands::incidents
namespace ritualbot::commands {

// The buttons that pick a crew for a command typed in a DM (value: the command and its crew).
inline constexpr std::string_view kCrewPickAction = "crew_pick";

}  // namespace ritualbot::commands
