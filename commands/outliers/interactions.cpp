#include "commands/outliers/interactions.hpp"

#include "commands/clock.hpp"
#include "commands/outliers/investigations.hpp"
#include "commands/playbook/interactions.hpp"
#include "commands/playbook/procedure_names.hpp"
#include "commands/render/ids.hpp"
#include "commands/render/modals.hpp"
#include "commands/tokenizer.hpp"
#include "storage/database.hpp"

namespace ritualbot::commands::outliers {

Effects investigate_click(const InvestigateClick& click, Context& context) {
    Effects effects;
    auto target = render::read_investigation_metadata(click.value);
    if (!target && !click.value.empty() && !click.channel.empty()) {
        target = render::InvestigationModal{click.channel, click.value};
    }
    if (!click.trigger_id.empty() && target) {
        if (context.db != nullptr) {
            target->procedures = playbook::procedure_choices(*context.db, target->channel);
        }
        effects.modals.push_back({click.trigger_id, render::investigation_view(*target)});
    }
    return effects;
}

FormOutcome submit_investigation(const InvestigationForm& form, Context& context) {
    FormOutcome result;
    const std::string cause = trim(form.cause);
    if (form.owner.empty()) {
        result.errors[std::string(kOwnerBlock)] = "Pick who owns it";
        return result;
    }
    if (context.db == nullptr) return result;

    storage::Transaction tx(*context.db);
    const auto outlier = find_outlier(*context.db, form.channel, form.outlier_id);
    if (!outlier) {
        result.errors[std::string(kCauseBlock)] = outlier.error();
        return result;
    }
    std::optional<storage::Procedure> procedure;
    if (!form.procedure.empty()) {
        procedure = playbook::find_procedure_by_id(*context.db, form.channel, form.procedure);
        if (!procedure) {
            result.errors[std::string(kProcedureBlock)] =
                "That procedure is no longer in this channel's playbook; pick another.";
            return result;
        }
    }
    std::string announcement;
    if (cause.empty()) {  // the first of two steps: the owner looks into it
        Assignment assigned = assign_investigation(
            *context.db, *outlier, {form.user, form.owner, ""}, now_ms(context.clock));
        announcement = std::move(assigned.announcement);
        result.effects.posts.push_back(std::move(assigned.direct));
    } else {
        auto opened = open_investigation(*context.db, *outlier, {form.user, form.owner, cause},
                                         now_ms(context.clock));
        if (!opened) {
            result.errors[std::string(kCauseBlock)] = opened.error();
            return result;
        }
        announcement = std::move(*opened);
    }
    if (procedure) announcement += link_to_procedure(*context.db, *outlier, *procedure);
    tx.commit();
    result.effects.posts.insert(result.effects.posts.begin(), Post{form.channel, announcement});
    return result;
}

}  // namespace ritualbot::commands::outliers
