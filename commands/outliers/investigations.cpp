#include "commands/outliers/investigations.hpp"

#include "commands/outliers/digest_text.hpp"
#include "commands/render/ids.hpp"
#include "commands/tokenizer.hpp"
#include "storage/investigations.hpp"

namespace ritualbot::commands {
namespace {

// "reopen rate · billing", "first response · via email": the metric and segment for people.
std::string describe_segment(const std::string& metric, const std::string& dimension,
                             const std::string& segment) {
    std::string text = std::string(metric_label(metric));
    if (dimension == "request_type") text += " · " + escape_mrkdwn(segment);
    if (dimension == "channel") text += " · via " + escape_mrkdwn(segment);
    return text;
}

}  // namespace

Result<storage::OutlierRecord> find_outlier(storage::Database& db, const std::string& channel,
                                            std::string_view id) {
    auto record = storage::OutlierRecords(db).find(channel, to_lower(id));
    if (!record) {
        return Error{"There is no outlier `" + escape_mrkdwn(id) +
                     "` in this channel; the digest lists the ids."};
    }
    return std::move(*record);
}

Result<std::string> open_investigation(storage::Database& db, const storage::OutlierRecord& outlier,
                                       const NewInvestigation& investigation, std::int64_t now) {
    if (investigation.cause.empty()) return Error{"Say what caused it."};
    if (investigation.cause.size() > outliers::kMaxCauseLength) {
        return Error{"Keep the cause under " + std::to_string(outliers::kMaxCauseLength) +
                     " characters; link to a document for more."};
    }
    storage::Investigations investigations(db);
    const bool again = investigations.find(outlier.channel, outlier.id).has_value();
    investigations.open({outlier.channel, outlier.id, outlier.metric, outlier.dimension,
                         outlier.segment, investigation.owner, investigation.cause,
                         investigation.opened_by, now, std::nullopt, ""});
    return "<@" + investigation.opened_by + "> " + (again ? "updated" : "opened") +
           " an investigation of `" + outlier.id + "` (" +
           describe_segment(outlier.metric, outlier.dimension, outlier.segment) + "): owner <@" +
           investigation.owner + ">, cause: " + escape_mrkdwn(investigation.cause) +
           ". It stays in the digest, and is not flagged again, until `/outliers close " +
           outlier.id + "`.";
}

}  // namespace ritualbot::commands
