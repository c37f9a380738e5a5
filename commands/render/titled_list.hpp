#pragma once
// A titled list of items as one section ("*Title*" then a bullet per item), cut to Slack's
// section limit; nothing when there are no items. For views that list open work.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/render/block_kit.hpp"

namespace ritualbot::commands::render {

inline constexpr std::size_t kMaxSectionChars = 3000;

template <typename Item, typename Line>
void add_titled_list(nlohmann::json& blocks, std::string_view title, const std::vector<Item>& items,
                     Line line) {
    if (items.empty()) return;
    std::string text = std::string("*").append(title).append("*");
    for (const Item& item : items) text.append("\n• ").append(line(item));
    blocks.push_back(section(mrkdwn(truncate_chars(std::move(text), kMaxSectionChars))));
}

}  // namespace ritualbot::commands::render
