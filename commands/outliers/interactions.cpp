#include "commands/outliers/interactions.hpp"

#include "commands/clock.hpp"
#include "commands/outliers/investigations.hpp"
#include "commands/render/ids.hpp"
#include "commands/render/modals.hpp"
#include "commands/tokenizer.hpp"
#include "storage/database.hpp"

namespace ritualbot::commands::outliers {

Effects investigate_click(const InvestigateClick& click) {
    Effects effects;
    if (!click.trigger_id.empty() && !click.channel.empty() && !click.outlier_id.empty()) {
        effects.modals.push_back(
            {click.trigger_id, render::investigation_view({click.channel, click.outlier_id})});
    }
    return effects;
}

FormOutcome submit_investigation(const InvestigationForm& form, Context& context) {
    FormOutcome result;
    const std::string cause = trim(form.cause);
    if (form.owner.empty()) {
        result.errors[std::string(kOwnerBlock)] = "Pick who owns it";
    } else if (cause.empty()) {
        result.errors[std::string(kCauseBlock)] = "Say what caused it";
    }
    if (!result.errors.empty() || context.db == nullptr) return result;

    storage::Transaction tx(*context.db);
    const auto outlier = find_outlier(*context.db, form.channel, form.outlier_id);
    if (!outlier) {
        result.errors[std::string(kCauseBlock)] = outlier.error();
        return result;
    }
    const auto announcement = open_investigation(
        *context.db, *outlier, {form.user, form.owner, cause}, now_ms(context.clock));
    if (!announcement) {
        result.errors[std::string(kCauseBlock)] = announcement.error();
        return result;
    }
    tx.commit();
    result.effects.posts.push_back({form.channel, *announcement});
    return result;
}

}  // namespace ritualbot::commands::outliers
