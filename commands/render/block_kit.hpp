#pragma once
// The Block Kit pieces every rendering is made of (text objects, sections, context lines,
// buttons, inputs), so each shape is spelled once. Pure functions; callers cut text to Slack's
// limits before passing it in.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ritualbot::commands::render {

nlohmann::json plain_text(std::string text);
nlohmann::json mrkdwn(std::string text);
nlohmann::json section(nlohmann::json text);     // text: a text object
nlohmann::json context(nlohmann::json element);  // one element: a text object
nlohmann::json button(std::string label, std::string_view action_id, std::string value);
// An input block: label over element, the value Slack returns under block_id.
nlohmann::json input(std::string_view block_id, std::string label, nlohmann::json element);

// "*Title*" then one "• line" per item, or the `none` line in italics; cut to a section's
// 3000 characters.
nlohmann::json list_section(std::string_view title, const std::vector<std::string>& lines,
                            std::string_view none);

// A modal view: callback_id routes its submission back; private_metadata rides along unread.
struct ModalFrame {
    std::string_view callback_id;
    std::string private_metadata;
    std::string title;
    std::string submit;
    std::string close;
};
nlohmann::json modal(const ModalFrame& frame, nlohmann::json blocks);

// Cuts text to at most max_chars code points, the last being "…" when cut, without splitting
// a UTF-8 character.
std::string truncate_chars(std::string text, std::size_t max_chars);

}  // namespace ritualbot::commands::render
