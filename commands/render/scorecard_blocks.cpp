#include "commands/render/scorecard_blocks.hpp"

#include "commands/render/block_kit.hpp"
#include "commands/render/ids.hpp"
#include "commands/render/user_text.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands::render {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxHeaderChars = 150;
constexpr std::size_t kMaxSectionChars = 3000;
constexpr std::size_t kMaxVoiceChars = 280;

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n).append(" ").append(n == 1 ? one : many);
}

json text_section(std::string text) {
    return section(mrkdwn(truncate_chars(std::move(text), kMaxSectionChars)));
}

std::string about(const playbook::Scorecard& card) {
    const storage::Procedure& p = card.procedure;
    std::string text;
    if (!p.purpose.empty()) text.append(repost_text(p.purpose)).append("\n");
    text.append("Owner: ").append(p.owner.empty() ? "nobody yet" : "<@" + p.owner + ">");
    text.append(" · Document: ").append(p.link.empty() ? "none linked" : "<" + p.link + "|open>");
    text.append(" · Governs ").append(card.segment);
    text.append("\nLast changed: ");
    if (card.last_change) {
        text.append(card.last_change->local_date).append(" — ").append(card.last_change->detail);
    } else {
        text.append("never since it was added");
    }
    return text;
}

std::vector<std::string> indicator_lines(const playbook::Scorecard& card) {
    std::vector<std::string> lines;
    for (const auto& i : card.indicators) {
        lines.push_back(std::string("`").append(i.sparkline).append("` ").append(i.label)
                            .append(": ").append(i.first).append(" → ").append(i.latest));
    }
    return lines;
}

std::vector<std::string> investigation_lines(const playbook::Scorecard& card) {
    std::vector<std::string> lines;
    for (const auto& i : card.investigations) {
        lines.push_back(std::string("`").append(i.outlier_id).append("` (").append(i.what)
                            .append("), owner <@").append(i.owner).append(">, open ")
                            .append(plural(static_cast<std::size_t>(i.age_days), "day", "days"))
                            .append(i.has_cause ? "" : ", no cause yet"));
    }
    return lines;
}

std::vector<std::string> cause_lines(const playbook::Scorecard& card) {
    std::vector<std::string> lines;
    for (const auto& c : card.causes) {
        lines.push_back(escape_mrkdwn(c.cause).append(" (×").append(std::to_string(c.count))
                            .append(")"));
    }
    return lines;
}

std::vector<std::string> improvement_lines(const playbook::Scorecard& card) {
    std::vector<std::string> lines;
    for (const auto& i : card.improvements) {
        std::string line = i.title;
        if (i.done_date.empty()) {
            line.append(" — open, owner ").append(i.owner.empty() ? "nobody yet" : "<@" + i.owner + ">")
                .append(", due ").append(i.due_date);
        } else {
            line.append(" — done ").append(i.done_date);
        }
        if (!i.effect.empty()) line.append("\n    ").append(i.effect);
        lines.push_back(std::move(line));
    }
    for (const auto& s : card.suggestions) lines.push_back(s + " — suggested, not yet voted on");
    return lines;
}

std::vector<std::string> voice_lines(const playbook::Scorecard& card) {
    std::vector<std::string> lines;
    for (const auto& v : card.voices) {
        std::string line = std::string("“")
                               .append(escape_mrkdwn(truncate_chars(v.text, kMaxVoiceChars)))
                               .append("”");
        if (!v.permalink.empty()) line.append(" <").append(v.permalink).append("|message>");
        line.append(" — kept by <@").append(v.added_by).append(">");
        lines.push_back(std::move(line));
    }
    return lines;
}

std::vector<std::string> history_lines(const playbook::Scorecard& card) {
    std::vector<std::string> lines;
    for (const auto& e : card.history) {
        // A change's detail is what changed; the other kinds' details say what they did.
        lines.push_back(std::string(e.local_date)
                            .append(" ")
                            .append(e.kind == "changed" ? "changed: " : "")
                            .append(e.detail)
                            .append(" — <@")
                            .append(e.by)
                            .append(">"));
    }
    return lines;
}

}  // namespace

json scorecard_blocks(const playbook::Scorecard& card) {
    const std::string name = escape_mrkdwn(card.procedure.name);
    json blocks = json::array();
    blocks.push_back({{"type", "header"},
                      {"text", plain_text(truncate_chars("Playbook: " + card.procedure.name,
                                                         kMaxHeaderChars))}});
    blocks.push_back(text_section(about(card)));
    blocks.push_back(list_section(std::string("Indicators, ")
                                      .append(std::to_string(playbook::kScorecardWeeks))
                                      .append(" weeks to ")
                                      .append(card.last_day)
                                      .append(" (oldest → newest week)"),
                                  indicator_lines(card),
                                  "No tickets in its segment yet: import tickets, or check "
                                  "the segment's spelling."));
    blocks.push_back(list_section("Open investigations", investigation_lines(card),
                                  "None open."));
    blocks.push_back(list_section("Causes recorded against it", cause_lines(card), "None yet."));
    blocks.push_back(list_section("Improvements", improvement_lines(card),
                                  "None yet: tag a suggestion `#" + card.procedure.name_key + "`."));
    blocks.push_back(list_section("Customer voice", voice_lines(card),
                                  std::string("None yet: use the message shortcut “")
                                      .append(playbook::kVoiceShortcutName)
                                      .append("” on a customer's words.")));
    blocks.push_back(list_section("History", history_lines(card), "Nothing recorded."));
    blocks.push_back(context(mrkdwn(std::string("`/playbook changed ").append(name)
                                        .append(" WHAT` records a change · `/playbook segment ")
                                        .append(name)
                                        .append(" request_type=…` · `/playbook help`"))));
    return blocks;
}

std::string scorecard_text(const playbook::Scorecard& card) {
    return std::string("Scorecard of `").append(escape_mrkdwn(card.procedure.name))
        .append("`: ")
        .append(plural(card.investigations.size(), "open investigation", "open investigations"))
        .append(", ")
        .append(plural(card.improvements.size(), "improvement", "improvements"))
        .append(", ")
        .append(plural(card.voices.size(), "customer voice", "customer voices"));
}

}  // namespace ritualbot::commands::render
