#include "commands/outliers/investigations.hpp"

#include "commands/outliers/digest_text.hpp"
#include "commands/render/digest_blocks.hpp"
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

// Why a cause cannot be recorded as given, if it cannot.
std::optional<std::string> cause_problem(const std::string& cause) {
    if (cause.empty()) return "Say what caused it.";
    if (cause.size() > outliers::kMaxCauseLength) {
        return "Keep the cause under " + std::to_string(outliers::kMaxCauseLength) +
               " characters; link to a document for more.";
    }
    return std::nullopt;
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
    if (const auto problem = cause_problem(investigation.cause)) return Error{*problem};
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

Assignment assign_investigation(storage::Database& db, const storage::OutlierRecord& outlier,
                                const NewInvestigation& investigation, std::int64_t now) {
    storage::Investigations(db).assign({outlier.channel, outlier.id, outlier.metric,
                                        outlier.dimension, outlier.segment, investigation.owner, "",
                                        investigation.opened_by, now, std::nullopt, ""});
    const std::string what = "`" + outlier.id + "` (" +
                             describe_segment(outlier.metric, outlier.dimension, outlier.segment) +
                             ")";
    Assignment out;
    out.announcement = "<@" + investigation.opened_by + "> asked <@" + investigation.owner +
                       "> to investigate " + what + ". `/outliers cause " + outlier.id +
                       " TEXT` records the root cause when it is found.";
    out.direct = {investigation.owner, "You own the investigation of " + what + " in <#" +
                                           outlier.channel + ">: " + escape_mrkdwn(outlier.why)};
    out.direct.blocks = render::assignment_blocks(outlier.channel, outlier.id, out.direct.text);
    return out;
}

std::string link_to_procedure(storage::Database& db, const storage::OutlierRecord& outlier,
                              const storage::Procedure& procedure) {
    storage::Investigations(db).set_procedure(outlier.channel, outlier.id, procedure.id);
    return std::string(" It concerns the procedure `")
        .append(escape_mrkdwn(procedure.name))
        .append("` (`/playbook show ")
        .append(escape_mrkdwn(procedure.name))
        .append("`).");
}

Result<std::string> record_cause(storage::Database& db, const storage::OutlierRecord& outlier,
                                 const std::string& by, const std::string& cause,
                                 std::int64_t now) {
    if (const auto problem = cause_problem(cause)) return Error{*problem};
    if (!storage::Investigations(db).record_cause(outlier.channel, outlier.id, cause, now)) {
        return Error{"Nobody is investigating `" + outlier.id + "`; `/outliers assign " +
                     outlier.id + " @someone` first, or `/outliers ack` with owner and cause."};
    }
    return "<@" + by + "> recorded the root cause of `" + outlier.id + "` (" +
           describe_segment(outlier.metric, outlier.dimension, outlier.segment) +
           "): " + escape_mrkdwn(cause) + ". It stays in the digest until `/outliers close " +
           outlier.id + "`.";
}

}  // namespace ritualbot::commands
