#include "commands/render/modals.hpp"

#include "commands/render/block_kit.hpp"
#include "commands/render/ids.hpp"
#include "commands/suggestions/ballot.hpp"

namespace ritualbot::commands::render {

using nlohmann::json;

std::string investigation_reference(const InvestigationModal& modal) {
    return json{{"channel", modal.channel}, {"outlier", modal.outlier_id}}.dump();
}

namespace {

json optional_input(std::string_view block_id, std::string label, json element) {
    json block = input(block_id, std::move(label), std::move(element));
    block["optional"] = true;
    return block;
}

json procedure_select(std::string_view action_id, const std::vector<ProcedureChoice>& procedures) {
    json options = json::array();
    for (const ProcedureChoice& p : procedures) {
        if (options.size() == playbook::kMaxProcedureOptions) break;
        options.push_back({{"text", plain_text(truncate_chars(p.name, 75))},
                           {"value", std::to_string(p.id)}});
    }
    return {{"type", "static_select"},
            {"action_id", std::string(action_id)},
            {"placeholder", plain_text("Pick a procedure")},
            {"options", std::move(options)}};
}

// The object private_metadata holds, or null.
json read_metadata(std::string_view private_metadata) {
    json metadata = json::parse(private_metadata, nullptr, false);
    return metadata.is_object() ? metadata : json();
}

std::string string_in(const json& object, const char* key) {
    if (!object.is_object()) return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

json investigation_view(const InvestigationModal& modal) {
    namespace ids = outliers;
    json blocks = json::array(
        {section(mrkdwn("Outlier `" + modal.outlier_id + "`")),
         input(ids::kOwnerBlock, "Owner",
               {{"type", "users_select"}, {"action_id", std::string(ids::kOwnerAction)}}),
         optional_input(ids::kCauseBlock, "Root cause (leave empty while it is being looked into)",
                        {{"type", "plain_text_input"},
                         {"action_id", std::string(ids::kCauseAction)},
                         {"multiline", true},
                         {"max_length", ids::kMaxCauseLength}})});
    if (!modal.procedures.empty()) {
        blocks.push_back(optional_input(ids::kProcedureBlock, "Playbook procedure it concerns",
                                        procedure_select(ids::kProcedureAction, modal.procedures)));
    }
    return render::modal({ids::kInvestigateCallback, investigation_reference(modal),
                          "Investigate outlier", "Record", "Cancel"},
                         std::move(blocks));
}

std::optional<InvestigationModal> read_investigation_metadata(std::string_view private_metadata) {
    const json metadata = read_metadata(private_metadata);
    InvestigationModal modal{string_in(metadata, "channel"), string_in(metadata, "outlier")};
    if (modal.channel.empty() || modal.outlier_id.empty()) return std::nullopt;
    return modal;
}

json suggestion_view(const SuggestionModal& modal) {
    namespace ids = suggestions;
    json text_input = {{"type", "plain_text_input"},
                       {"action_id", std::string(ids::kTextAction)},
                       {"multiline", true},
                       {"placeholder", plain_text("What should the crew change, and why?")}};
    // plain_text_input takes at most 3000 characters of initial value; the 1,000 limit is
    // checked on submit, where the person can still shorten it.
    if (!modal.initial_text.empty()) {
        text_input["initial_value"] = suggestions::truncate_utf8(modal.initial_text, 3000);
    }
    json procedure = input(ids::kProcedureBlock, "Playbook procedure it changes",
                           {{"type", "plain_text_input"},
                            {"action_id", std::string(ids::kProcedureAction)},
                            {"placeholder", plain_text("e.g. refunds")}});
    procedure["optional"] = true;
    json anonymous = input(
        ids::kAnonBlock, "Anonymous",
        {{"type", "checkboxes"},
         {"action_id", std::string(ids::kAnonAction)},
         {"options",
          json::array({{{"text", plain_text("Hide my name from everyone")}, {"value", "anon"}}})}});
    anonymous["optional"] = true;
    return render::modal(
        {ids::kFormCallback, modal.channel, "Suggest an improvement", "Suggest", "Cancel"},
        json::array({input(ids::kTextBlock, "Your suggestion", text_input), procedure, anonymous}));
}

json voice_view(const VoiceModal& modal) {
    namespace ids = playbook;
    json text_input = {{"type", "plain_text_input"},
                       {"action_id", std::string(ids::kVoiceTextAction)},
                       {"multiline", true}};
    // plain_text_input takes at most 3000 characters of initial value.
    if (!modal.initial_text.empty()) {
        text_input["initial_value"] = truncate_chars(modal.initial_text, 3000);
    }
    const json metadata = {{"channel", modal.channel}, {"permalink", modal.permalink}};
    return render::modal(
        {ids::kVoiceCallback, metadata.dump(), "Customer voice", "Keep", "Cancel"},
        json::array({input(ids::kVoiceProcedureBlock, "Playbook procedure it concerns",
                           procedure_select(ids::kVoiceProcedureAction, modal.procedures)),
                     input(ids::kVoiceTextBlock, "What the customer said", text_input),
                     context(mrkdwn("Kept with the procedure and shown on its scorecard "
                                    "(`/playbook show NAME`), with a link to the message."))}));
}

std::optional<VoiceModal> read_voice_metadata(std::string_view private_metadata) {
    const json metadata = read_metadata(private_metadata);
    VoiceModal modal{string_in(metadata, "channel"), string_in(metadata, "permalink"), "", {}};
    if (modal.channel.empty()) return std::nullopt;
    return modal;
}

}  // namespace ritualbot::commands::render
