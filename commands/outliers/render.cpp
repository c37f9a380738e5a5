// The three renderings of a Digest: JSON (DESIGN.md "Digest JSON", for tools), mrkdwn text (a
// Slack message or a terminal) and Block Kit (the posted digest, within Slack's limits).

#include <cmath>

#include "commands/outliers/digest.hpp"
#include "commands/outliers/format.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands {
namespace {

using nlohmann::json;

constexpr std::size_t kTopOutliers = 10;
constexpr std::size_t kMaxSectionChars = 3000;  // Slack's limit for a section's text
constexpr std::size_t kMaxHeaderChars = 150;

double round_to(double value, int digits) {
    const double scale = std::pow(10.0, digits);
    return std::round(value * scale) / scale;
}

bool is_duration(const std::string& metric) {
    return find_duration_metric(metric) != nullptr;
}

std::string_view label(const std::string& metric) {
    if (const auto* d = find_duration_metric(metric)) return d->label;
    if (const auto* r = find_rate_metric(metric)) return r->label;
    return metric;
}

std::string segment_text(const Segment& segment) {
    if (segment.dimension == "all") return "all tickets";
    if (segment.dimension == "channel") return "via " + escape_mrkdwn(segment.value);
    return escape_mrkdwn(segment.value);
}

// Cuts at a UTF-8 character boundary so a multi-byte sparkline bar is never split.
std::string truncate(std::string text, std::size_t max_chars) {
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

std::string outlier_line(const Outlier& o) {
    std::string line = "`" + o.id + "` *" + std::string(label(o.metric)) + "* · " +
                       segment_text(o.segment) + " — " + escape_mrkdwn(o.why);
    if (!o.tickets.empty()) {
        line += " · ";
        for (std::size_t i = 0; i < o.tickets.size(); ++i) {
            line += (i > 0 ? ", " : "") + escape_mrkdwn(o.tickets[i]);
        }
        if (o.ticket_count > o.tickets.size()) {
            line += " +" + std::to_string(o.ticket_count - o.tickets.size());
        }
    }
    return line;
}

std::string indicator_line(const Indicator& i) {
    std::string line = "*" + std::string(label(i.metric)) + "* `" + i.sparkline + "`";
    for (auto it = i.values.rbegin(); it != i.values.rend(); ++it) {
        if (*it) {
            line += " " + format_percent(**it) + " latest";
            break;
        }
    }
    if (i.week_change) line += " · " + format_points(*i.week_change) + " week over week";
    return line;
}

std::string investigation_line(const OpenInvestigation& i) {
    return "`" + i.outlier_id + "` " + std::string(label(i.metric)) + " · " +
           segment_text(i.segment) + " — owner <@" + i.owner +
           ">, cause: " + escape_mrkdwn(i.cause) + " (open " + std::to_string(i.days_open) +
           (i.days_open == 1 ? " day)" : " days)");
}

std::string header_text(const Digest& d) {
    return "Outlier digest for " + format_date(d.date);
}

std::string summary_text(const Digest& d) {
    std::string text = escape_mrkdwn(d.timezone) + " · " + std::to_string(d.tickets) +
                       (d.tickets == 1 ? " ticket" : " tickets") + " · " +
                       std::to_string(d.outliers.size()) +
                       (d.outliers.size() == 1 ? " outlier" : " outliers");
    if (d.suppressed > 0) {
        text += " (" + std::to_string(d.suppressed) + " more held back: under investigation)";
    }
    return text;
}

json button(const std::string& text, const std::string& action, const std::string& value) {
    return {{"type", "button"},
            {"text", {{"type", "plain_text"}, {"text", text}}},
            {"action_id", action},
            {"value", value}};
}

json section(const std::string& mrkdwn) {
    return {{"type", "section"},
            {"text", {{"type", "mrkdwn"}, {"text", truncate(mrkdwn, kMaxSectionChars)}}}};
}

json context(const std::string& mrkdwn) {
    return {{"type", "context"},
            {"elements",
             json::array({{{"type", "mrkdwn"}, {"text", truncate(mrkdwn, kMaxSectionChars)}}})}};
}

}  // namespace

json digest_to_json(const Digest& d) {
    json outliers = json::array();
    for (const Outlier& o : d.outliers) {
        const bool seconds = is_duration(o.metric);
        json item = {{"id", o.id},
                     {"kind", std::string(to_string(o.kind))},
                     {"metric", o.metric},
                     {"segment", {{"dimension", o.segment.dimension}, {"value", o.segment.value}}},
                     {"value", seconds ? std::round(o.value) : round_to(o.value, 4)},
                     {"baseline", seconds ? std::round(o.baseline) : round_to(o.baseline, 4)},
                     {"score", round_to(o.score, 2)},
                     {"n", o.n},
                     {"tickets", o.tickets},
                     {"ticket_count", o.ticket_count},
                     {"why", o.why}};
        if (o.p_value) item["p_value"] = *o.p_value;
        outliers.push_back(std::move(item));
    }
    json indicators = json::array();
    for (const Indicator& i : d.indicators) {
        json values = json::array();
        for (const auto& v : i.values) values.push_back(v ? json(round_to(*v, 4)) : json(nullptr));
        indicators.push_back(
            {{"metric", i.metric},
             {"days", i.days},
             {"values", values},
             {"week_change", i.week_change ? json(round_to(*i.week_change, 4)) : json(nullptr)},
             {"sparkline", i.sparkline}});
    }
    json investigations = json::array();
    for (const OpenInvestigation& i : d.investigations) {
        investigations.push_back(
            {{"outlier_id", i.outlier_id},
             {"metric", i.metric},
             {"segment", {{"dimension", i.segment.dimension}, {"value", i.segment.value}}},
             {"owner", i.owner},
             {"cause", i.cause},
             {"opened_at", i.opened_at},
             {"days_open", i.days_open}});
    }
    return {{"channel", d.channel},
            {"date", format_date(d.date)},
            {"timezone", d.timezone},
            {"tickets", d.tickets},
            {"outliers", outliers},
            {"indicators", indicators},
            {"investigations", investigations},
            {"suppressed", d.suppressed},
            {"tests", d.tests}};
}

std::string digest_to_text(const Digest& d) {
    std::string text = "*" + header_text(d) + "* — " + summary_text(d) + "\n";
    if (d.outliers.empty()) {
        text += "Nothing unusual.\n";
    } else {
        for (std::size_t i = 0; i < d.outliers.size() && i < kTopOutliers; ++i) {
            text += "• " + outlier_line(d.outliers[i]) + "\n";
        }
        if (d.outliers.size() > kTopOutliers) {
            text += "…and " + std::to_string(d.outliers.size() - kTopOutliers) + " more\n";
        }
    }
    if (!d.indicators.empty()) {
        text += "*Leading indicators* (" + std::to_string(d.indicators.front().days.size()) +
                " days)\n";
        for (const Indicator& i : d.indicators) text += "• " + indicator_line(i) + "\n";
    }
    if (!d.investigations.empty()) {
        text += "*Open investigations*\n";
        for (const auto& i : d.investigations) text += "• " + investigation_line(i) + "\n";
    }
    return text;
}

json digest_to_blocks(const Digest& d) {
    json blocks = json::array();
    blocks.push_back({{"type", "header"},
                      {"text",
                       {{"type", "plain_text"},
                        {"text", truncate(header_text(d), kMaxHeaderChars)},
                        {"emoji", true}}}});
    blocks.push_back(context(summary_text(d)));
    if (d.outliers.empty()) blocks.push_back(section("Nothing unusual."));
    // At most 10 outlier sections + 7 other blocks: far inside Slack's 50.
    for (std::size_t i = 0; i < d.outliers.size() && i < kTopOutliers; ++i) {
        json block = section(outlier_line(d.outliers[i]));
        block["block_id"] = "outlier:" + d.outliers[i].id;
        block["accessory"] = button("Owner & cause", "outliers_ack", d.outliers[i].id);
        blocks.push_back(std::move(block));
    }
    if (d.outliers.size() > kTopOutliers) {
        blocks.push_back(context("…and " + std::to_string(d.outliers.size() - kTopOutliers) +
                                 " more: `/outliers " + format_date(d.date) + "` lists them all"));
    }
    if (!d.indicators.empty()) {
        blocks.push_back({{"type", "divider"}});
        std::string text = "*Leading indicators* (" +
                           std::to_string(d.indicators.front().days.size()) + " days)\n";
        for (const Indicator& i : d.indicators) text += indicator_line(i) + "\n";
        blocks.push_back(section(text));
    }
    if (!d.investigations.empty()) {
        std::string text = "*Open investigations*\n";
        for (const auto& i : d.investigations) text += "• " + investigation_line(i) + "\n";
        blocks.push_back(section(text));
    }
    return blocks;
}

}  // namespace ritualbot::commands
