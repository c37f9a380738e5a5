#pragma once
// The rituals' forms as modal views: what each form asks, as a typed value, and its Block Kit
// view. The block and action ids a submission comes back under are in render/ids.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ritualbot::commands::render {

// A playbook procedure as a form offers it: its name, and its id as the option's value.
struct ProcedureChoice {
    std::int64_t id = 0;
    std::string name;
};

// The digest's "Owner & cause" form for one outlier; the channel and outlier ride in the view's
// private_metadata (read back by read_investigation_metadata). With procedures, it offers an
// optional picker of the one the outlier concerns.
struct InvestigationModal {
    std::string channel;
    std::string outlier_id;
    std::vector<ProcedureChoice> procedures{};
};
nlohmann::json investigation_view(const InvestigationModal& modal);
// The channel and outlier as the form's private_metadata and the "Owner & cause" button's value
// carry them, so a click in the captain's DM copy or a forwarded message names the crew's
// channel, not the one it was clicked in.
std::string investigation_reference(const InvestigationModal& modal);
// nullopt when the text is not what investigation_reference wrote.
std::optional<InvestigationModal> read_investigation_metadata(std::string_view private_metadata);

// The suggestion form: text (required), procedure tag, anonymous checkbox. The channel rides in
// private_metadata; initial_text (plain, unescaped) prefills the text, e.g. from a message.
struct SuggestionModal {
    std::string channel;
    std::string initial_text{};
};
nlohmann::json suggestion_view(const SuggestionModal& modal);

// "Add as customer voice": which procedure (required; procedures must not be empty) and the
// words, editable. The channel and the message's permalink ride in private_metadata.
struct VoiceModal {
    std::string channel;
    std::string permalink;
    std::string initial_text;  // plain, unescaped
    std::vector<ProcedureChoice> procedures;
};
nlohmann::json voice_view(const VoiceModal& modal);
// The channel and permalink voice_view put in private_metadata; nullopt when it is not that.
std::optional<VoiceModal> read_voice_metadata(std::string_view private_metadata);

}  // namespace ritualbot::commands::render
