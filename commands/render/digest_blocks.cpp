#include "commands/render/digest_blocks.hpp"

#include "commands/outliers/digest_text.hpp"
#include "commands/outliers/metrics.hpp"
#include "commands/render/block_kit.hpp"
#include "commands/render/ids.hpp"
#include "commands/render/modals.hpp"

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

json outlier_section(const std::string& channel, const Outlier& outlier) {
    return assignment_blocks(channel, outlier.id, outlier_line(outlier)).at(0);
}

json assignment_blocks(const std::string& channel, const std::string& outlier_id,
                       const std::string& text) {
    json block = text_section(text);
    block["block_id"] = "outlier:" + outlier_id;
    block["accessory"] = button("Owner & cause", outliers::kInvestigateAction,
                                investigation_reference({channel, outlier_id}));
    return json::array({std::move(block)});
}

json digest_blocks(const Digest& d) {
    json blocks = json::array();
    json header_text = plain_text(truncate_chars(digest_header(d), kMaxHeaderChars));
    header_text["emoji"] = true;
    blocks.push_back({{"type", "header"}, {"text", std::move(header_text)}});
    blocks.push_back(text_context(digest_summary(d)));
    if (const std::string lead = crew_metric_line(d); !lead.empty())
        blocks.push_back(text_section(lead));
    if (d.outliers.empty()) blocks.push_back(text_section(no_outliers_line(d)));
    // A multi-day digest gives each date its own heading; at most 10 outliers and 10 headings.
    for (std::size_t i = 0; i < d.outliers.size() && i < kTopOutliers; ++i) {
        const Outlier& outlier = d.outliers[i];
        if (d.multi_day() && (i == 0 || d.outliers[i - 1].date != outlier.date)) {
            blocks.push_back(text_section('*' + day_heading(outlier.date) + "*"));
        }
        blocks.push_back(outlier_section(d.channel, outlier));
    }
    if (d.outliers.size() > kTopOutliers) blocks.push_back(text_context(more_outliers_note(d)));
    if (!d.indicators.empty()) {
        blocks.push_back({{"type", "divider"}});
        std::string text = "*Leading indicators* (" +
                           std::to_string(d.indicators.front().days.size()) + " days)\n";
        for (const Indicator& i : d.indicators) text += indicator_line(i) + "\n";
        blocks.push_back(text_section(text));
    }
    if (!d.signals.empty()) {
        std::string text = signals_heading(d) + "\n";
        for (const Signal& s : d.signals) text += signal_line(s) + "\n";
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
