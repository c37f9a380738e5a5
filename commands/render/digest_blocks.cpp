#include "commands/render/digest_blocks.hpp"

#include "commands/outliers/digest_text.hpp"
#include "commands/outliers/metrics.hpp"
#include "commands/render/block_kit.hpp"
#include "commands/render/ids.hpp"

namespace ritualbot::commands::render {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxSectionChars = 3000;
constexpr std::size_t kMaxHeaderChars = 150;

json text_section(const std::string& text) {
    return section(mrkdwn(truncate_chars(text, kMaxSectionChars)));
}

json text_context(const std::string& text) {
    return context(mrkdwn(truncate_chars(text, kMaxSectionChars)));
}

}  // namespace

json digest_blocks(const Digest& d) {
    json blocks = json::array();
    json header_text = plain_text(truncate_chars(digest_header(d), kMaxHeaderChars));
    header_text["emoji"] = true;
    blocks.push_back({{"type", "header"}, {"text", std::move(header_text)}});
    blocks.push_back(text_context(digest_summary(d)));
    if (d.outliers.empty()) blocks.push_back(text_section("Nothing unusual."));
    for (std::size_t i = 0; i < d.outliers.size() && i < kTopOutliers; ++i) {
        const Outlier& outlier = d.outliers[i];
        json block = text_section(outlier_line(outlier));
        block["block_id"] = "outlier:" + outlier.id;
        block["accessory"] = button("Owner & cause", outliers::kInvestigateAction, outlier.id);
        blocks.push_back(std::move(block));
    }
    if (d.outliers.size() > kTopOutliers) {
        blocks.push_back(text_context(more_outliers_note(d) + ": `/outliers " +
                                      format_date(d.date) + "` lists them all"));
    }
    if (!d.indicators.empty()) {
        blocks.push_back({{"type", "divider"}});
        std::string text = "*Leading indicators* (" +
                           std::to_string(d.indicators.front().days.size()) + " days)\n";
        for (const Indicator& i : d.indicators) text += indicator_line(i) + "\n";
        blocks.push_back(text_section(text));
    }
    if (!d.investigations.empty()) {
        std::string text = "*Open investigations*\n";
        for (const auto& i : d.investigations) text += "• " + investigation_line(i) + "\n";
        blocks.push_back(text_section(text));
    }
    return blocks;
}

}  // namespace ritualbot::commands::render
