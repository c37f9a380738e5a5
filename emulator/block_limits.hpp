#pragma once
// What Slack refuses in a message's blocks, so that a message the real Slack would answer with
// invalid_blocks fails here too: more than 50 blocks (100 in a view), or a section whose text is
// over 3,000 characters (code points; Slack counts characters, not bytes). Pure function.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace ritualbot::emulator {

inline constexpr std::size_t kMaxMessageBlocks = 50;
inline constexpr std::size_t kMaxViewBlocks = 100;  // a modal or the Home tab
inline constexpr std::size_t kMaxSectionTextChars = 3000;

inline std::size_t code_points(const std::string& text) {
    std::size_t count = 0;
    for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

// True when Slack would refuse these blocks with invalid_blocks.
inline bool exceeds_block_limits(const nlohmann::json& blocks,
                                 std::size_t max_blocks = kMaxMessageBlocks) {
    if (!blocks.is_array()) return false;
    if (blocks.size() > max_blocks) return true;
    for (const auto& block : blocks) {
        if (!block.is_object() || block.value("type", "") != "section") continue;
        const auto text = block.find("text");
        if (text != block.end() && text->is_object() && text->contains("text") &&
            (*text)["text"].is_string() &&
            code_points((*text)["text"].get<std::string>()) > kMaxSectionTextChars) {
            return true;
        }
    }
    return false;
}

}  // namespace ritualbot::emulator
