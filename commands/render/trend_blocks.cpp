#include "commands/render/trend_blocks.hpp"

#include <vector>

#include "commands/render/block_kit.hpp"
#include "commands/render/ids.hpp"

namespace ritualbot::commands::render {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxSectionChars = 3000;
constexpr std::string_view kFence = "```";

// The text's lines in chunks that fit a section; a chunk cut inside the code block is closed
// with a fence and the next one opens it again. Lines are ASCII table rows or a heading.
std::vector<std::string> chunks_of(const std::string& text) {
    std::vector<std::string> chunks;
    std::string chunk;
    bool in_code = false;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        const std::size_t closing = in_code ? kFence.size() + 1 : 0;
        if (!chunk.empty() && chunk.size() + line.size() + 1 + closing > kMaxSectionChars) {
            if (in_code) chunk.append("\n").append(kFence);
            chunks.push_back(std::move(chunk));
            chunk = in_code ? std::string(kFence) : std::string();
        }
        if (!chunk.empty()) chunk += '\n';
        chunk += line;
        if (line.starts_with(kFence)) in_code = !in_code;
    }
    if (!chunk.empty()) chunks.push_back(std::move(chunk));
    return chunks;
}

}  // namespace

json trend_blocks(const std::string& text, const std::string& share_value) {
    json blocks = json::array();
    for (std::string& chunk : chunks_of(text))
        blocks.push_back(section(mrkdwn(truncate_chars(std::move(chunk), kMaxSectionChars))));
    blocks.push_back(
        {{"type", "actions"},
         {"elements", json::array({button("Share chart in channel", outliers::kShareChartAction,
                                          share_value)})}});
    return blocks;
}

}  // namespace ritualbot::commands::render
