#include "commands/outliers/causes.hpp"

#include <algorithm>
#include <map>

#include "commands/clock.hpp"
#include "commands/replies.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands {
namespace {

constexpr std::size_t kMaxCausesListed = 20;
constexpr std::int64_t kDayMs = std::int64_t{24} * 3600 * 1000;

bool blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

std::string cause_key(std::string_view cause) {
    std::string key;
    bool pending_space = false;
    for (const char c : cause) {
        if (blank(c)) {
            pending_space = !key.empty();
            continue;
        }
        if (pending_space) key += ' ';
        pending_space = false;
        key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return key;
}

std::vector<CauseCount> count_causes(const std::vector<storage::CauseRecord>& records) {
    std::map<std::string, CauseCount> groups;
    for (const storage::CauseRecord& r : records) {
        CauseCount& group = groups[cause_key(r.cause)];
        ++group.count;
        if (group.count == 1 || r.at >= group.last_at) {
            group.cause = r.cause;
            group.last_at = r.at;
        }
    }
    std::vector<CauseCount> out;
    for (auto& [key, group] : groups) out.push_back(std::move(group));
    std::stable_sort(out.begin(), out.end(), [](const CauseCount& a, const CauseCount& b) {
        return a.count != b.count ? a.count > b.count : a.last_at > b.last_at;
    });
    return out;
}

Reply outliers_causes(const Request& request, const Args& args, Context& context) {
    if (context.db == nullptr)
        return usage_error(args, "The ticket database is not available here.");
    const std::string period = args.tokens.empty() ? "all" : to_lower(args.tokens[0].value);
    if (args.tokens.size() > 1 || (period != "week" && period != "month" && period != "all")) {
        return usage_error(args, "Say `week`, `month` or `all` (the default).");
    }
    const std::int64_t now = now_ms(context.clock);
    const std::int64_t since = period == "week"    ? now - 7 * kDayMs
                               : period == "month" ? now - 30 * kDayMs
                                                   : 0;
    const auto counts =
        count_causes(storage::Investigations(*context.db).causes_since(request.channel_id, since));
    const std::string over = period == "week"    ? " in the last 7 days"
                             : period == "month" ? " in the last 30 days"
                                                 : "";
    if (counts.empty()) {
        return ephemeral_reply("No root causes recorded" + (over.empty() ? " yet" : over) +
                               ". `/outliers cause ID TEXT` records one.");
    }
    std::string text = "*Root causes*" + over + ", most frequent first\n";
    for (std::size_t i = 0; i < counts.size() && i < kMaxCausesListed; ++i) {
        text += std::to_string(i + 1) + ". " + escape_mrkdwn(counts[i].cause) + " — " +
                std::to_string(counts[i].count) + (counts[i].count == 1 ? " time" : " times") +
                "\n";
    }
    if (counts.size() > kMaxCausesListed) {
        text += "…and " + std::to_string(counts.size() - kMaxCausesListed) + " more\n";
    }
    return ephemeral_reply(std::move(text));
}

}  // namespace ritualbot::commands
