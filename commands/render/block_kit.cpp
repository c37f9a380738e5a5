#include "commands/render/block_kit.hpp"

namespace ritualbot::commands::render {

using nlohmann::json;

json plain_text(std::string text) {
    return {{"type", "plain_text"}, {"text", std::move(text)}};
}

json mrkdwn(std::string text) {
    return {{"type", "mrkdwn"}, {"text", std::move(text)}};
}

json section(json text) {
    return {{"type", "section"}, {"text", std::move(text)}};
}

json context(json element) {
    return {{"type", "context"}, {"elements", json::array({std::move(element)})}};
}

json button(std::string label, std::string_view action_id, std::string value) {
    return {{"type", "button"},
            {"text", plain_text(std::move(label))},
            {"action_id", std::string(action_id)},
            {"value", std::move(value)}};
}

json input(std::string_view block_id, std::string label, json element) {
    return {{"type", "input"},
            {"block_id", std::string(block_id)},
            {"label", plain_text(std::move(label))},
            {"element", std::move(element)}};
}

json modal(const ModalFrame& frame, json blocks) {
    return {{"type", "modal"},
            {"callback_id", std::string(frame.callback_id)},
            {"private_metadata", frame.private_metadata},
            {"title", plain_text(frame.title)},
            {"submit", plain_text(frame.submit)},
            {"close", plain_text(frame.close)},
            {"blocks", std::move(blocks)}};
}

json list_section(std::string_view title, const std::vector<std::string>& lines,
                  std::string_view none) {
    constexpr std::size_t kMaxSectionChars = 3000;
    std::string text = std::string("*").append(title).append("*");
    for (const std::string& line : lines) text.append("\n• ").append(line);
    if (lines.empty()) text.append("\n_").append(none).append("_");
    return section(mrkdwn(truncate_chars(std::move(text), kMaxSectionChars)));
}

std::string truncate_chars(std::string text, std::size_t max_chars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (++chars > max_chars - 1) {
            text.resize(i);
            return text + "…";
        }
    }
    return text;
}

}  // namespace ritualbot::commands::render
