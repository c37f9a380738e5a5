#include "commands/render/incident_modals.hpp"

#include "commands/incidents/review_fields.hpp"
#include "commands/render/block_kit.hpp"
#include "commands/render/ids.hpp"

namespace ritualbot::commands::render {

using nlohmann::json;

namespace {

// plain_text_input takes at most 3000 characters of initial value and of max_length.
constexpr std::size_t kMaxInputChars = 3000;

json text_input(std::string_view action_id, std::size_t max_chars, bool multiline,
                std::string_view hint, const std::string& initial) {
    json element = {{"type", "plain_text_input"},
                    {"action_id", std::string(action_id)},
                    {"multiline", multiline},
                    {"max_length", std::min(max_chars, kMaxInputChars)},
                    {"placeholder", plain_text(std::string(hint))}};
    if (!initial.empty()) element["initial_value"] = truncate_chars(initial, kMaxInputChars);
    return element;
}

json metadata_of(std::string_view private_metadata) {
    json metadata = json::parse(private_metadata, nullptr, false);
    return metadata.is_object() ? metadata : json::object();
}

std::string text_in(const json& metadata, const char* key) {
    const auto it = metadata.find(key);
    return it != metadata.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t number_in(const json& metadata, const char* key) {
    const auto it = metadata.find(key);
    return it != metadata.end() && it->is_number_integer() ? it->get<std::int64_t>() : -1;
}

}  // namespace

json review_view(const ReviewModal& modal) {
    json blocks = json::array();
    blocks.push_back(context(mrkdwn(
        "Blameless: describe what happened and why it made sense at the time, not who to "
        "blame. Saved as a draft; `/incident edit` reopens it and `/incident publish` shares "
        "it.")));
    for (const incidents::ReviewField& field : incidents::kReviewFields) {
        json block = input(field.block_id, std::string(field.label),
                           text_input(incidents::kFieldAction, field.max_chars, field.multiline,
                                      field.hint, modal.fields.*field.member));
        if (!field.required) block["optional"] = true;
        blocks.push_back(std::move(block));
    }
    const json metadata = {{"channel", modal.channel}, {"incident", modal.incident_id}};
    const std::string title =
        modal.incident_id == 0
            ? std::string("New incident review")
            : std::string("Incident #").append(std::to_string(modal.incident_id));
    return render::modal(
        {incidents::kReviewCallback, metadata.dump(), title, "Save draft", "Cancel"},
        std::move(blocks));
}

std::optional<ReviewModal> read_review_metadata(std::string_view private_metadata) {
    const json metadata = metadata_of(private_metadata);
    ReviewModal modal{text_in(metadata, "channel"), number_in(metadata, "incident"), {}};
    if (modal.channel.empty() || modal.incident_id < 0) return std::nullopt;
    return modal;
}

json note_view(const NoteModal& modal) {
    namespace ids = incidents;
    json options = json::array();
    for (const IncidentChoice& choice : modal.incidents) {
        const std::string label =
            std::string("#").append(std::to_string(choice.id)).append(" ").append(choice.title);
        options.push_back({{"text", plain_text(truncate_chars(label, 75))},
                           {"value", std::to_string(choice.id)}});
    }
    const json select = {{"type", "static_select"},
                         {"action_id", std::string(ids::kNoteIncidentAction)},
                         {"placeholder", plain_text("Pick an incident")},
                         {"options", std::move(options)}};
    const json metadata = {{"channel", modal.channel},
                           {"permalink", modal.permalink},
                           {"author", modal.author},
                           {"said_at", modal.said_at}};
    return render::modal(
        {ids::kNoteCallback, metadata.dump(), "Incident timeline", "Add", "Cancel"},
        json::array({input(ids::kNoteIncidentBlock, "Which incident", select),
                     input(ids::kNoteTextBlock, "The note",
                           text_input(ids::kNoteTextAction, ids::kMaxNoteChars, true,
                                      "What happened, as said", modal.text)),
                     context(mrkdwn("Added to the incident's timeline with the time the message "
                                    "was sent, its author and a link to it."))}));
}

std::optional<NoteModal> read_note_metadata(std::string_view private_metadata) {
    const json metadata = metadata_of(private_metadata);
    NoteModal modal;
    modal.channel = text_in(metadata, "channel");
    modal.permalink = text_in(metadata, "permalink");
    modal.author = text_in(metadata, "author");
    modal.said_at = number_in(metadata, "said_at");
    if (modal.channel.empty() || modal.author.empty() || modal.said_at < 0) return std::nullopt;
    return modal;
}

}  // namespace ritualbot::commands::render
