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

}  // namespace

json investigation_view(const InvestigationModal& modal) {
    namespace ids = outliers;
    return render::modal(
        {ids::kInvestigateCallback, investigation_reference(modal), "Investigate outlier", "Record",
         "Cancel"},
        json::array(
            {section(mrkdwn("Outlier `" + modal.outlier_id + "`")),
             input(ids::kOwnerBlock, "Owner",
                   {{"type", "users_select"}, {"action_id", std::string(ids::kOwnerAction)}}),
             optional_input(ids::kCauseBlock,
                            "Root cause (leave empty while it is being looked into)",
                            {{"type", "plain_text_input"},
                             {"action_id", std::string(ids::kCauseAction)},
                             {"multiline", true},
                             {"max_length", ids::kMaxCauseLength}})}));
}

std::optional<InvestigationModal> read_investigation_metadata(std::string_view private_metadata) {
    const json metadata = json::parse(private_metadata, nullptr, false);
    if (!metadata.is_object()) return std::nullopt;
    const auto string_of = [&](const char* key) {
        const auto it = metadata.find(key);
        return it != metadata.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    InvestigationModal modal{string_of("channel"), string_of("outlier")};
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

}  // namespace ritualbot::commands::render
