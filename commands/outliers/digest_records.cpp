#include "commands/outliers/digest_records.hpp"

#include <algorithm>

#include "storage/investigations.hpp"
#include "storage/outlier_records.hpp"

namespace ritualbot::commands {
namespace {

constexpr std::int64_t kDayMs = std::int64_t{24} * 3600 * 1000;

}  // namespace

std::string_view to_string(OutlierKind kind) {
    switch (kind) {
        case OutlierKind::ticket:
            return "ticket";
        case OutlierKind::rate:
            return "rate";
        case OutlierKind::drift:
            return "drift";
    }
    return "ticket";
}

void apply_investigations(storage::Database& db, Digest& digest, std::vector<Outlier> flagged,
                          std::int64_t day_end_ms) {
    for (const auto& open : storage::Investigations(db).open_in(digest.channel)) {
        OpenInvestigation item{open.outlier_id,
                               open.metric,
                               {open.dimension, open.segment},
                               open.owner,
                               open.cause,
                               open.opened_at,
                               0};
        if (open.opened_at < day_end_ms) {
            item.days_open = static_cast<std::size_t>((day_end_ms - open.opened_at) / kDayMs);
        }
        digest.investigations.push_back(std::move(item));
    }
    for (Outlier& o : flagged) {
        // The cooldown: one known cause is not re-flagged every day while it is looked into.
        const bool cooling = std::any_of(digest.investigations.begin(), digest.investigations.end(),
                                         [&](const OpenInvestigation& i) {
                                             return i.metric == o.metric && i.segment == o.segment;
                                         });
        if (cooling) {
            ++digest.suppressed;
            continue;
        }
        digest.outliers.push_back(std::move(o));
    }
    std::stable_sort(digest.outliers.begin(), digest.outliers.end(),
                     [](const Outlier& a, const Outlier& b) { return a.score > b.score; });
}

void assign_ids(storage::Database& db, Digest& digest, std::int64_t now_ms) {
    storage::OutlierRecords records(db);
    const std::string date = format_date(digest.date);
    const auto existing = records.for_date(digest.channel, date);
    std::size_t last = 0;
    const std::string prefix = "o-" + date + "-";
    for (const auto& record : existing) {
        last = std::max<std::size_t>(last, std::stoul(record.id.substr(prefix.size())));
    }
    for (Outlier& o : digest.outliers) {
        const auto same = std::find_if(existing.begin(), existing.end(), [&](const auto& r) {
            return r.kind == to_string(o.kind) && r.metric == o.metric &&
                   r.dimension == o.segment.dimension && r.segment == o.segment.value;
        });
        if (same != existing.end()) {
            o.id = same->id;
            if (same->why != o.why) records.update_why(digest.channel, o.id, o.why);
            continue;
        }
        o.id = prefix + std::to_string(++last);
        records.insert({digest.channel, o.id, date, std::string(to_string(o.kind)), o.metric,
                        o.segment.dimension, o.segment.value, o.why, now_ms});
    }
}

}  // namespace ritualbot::commands
