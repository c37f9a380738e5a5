#include "commands/suggestions/friday.hpp"

#include "commands/channel/channel_config.hpp"
#include "commands/clock.hpp"
#include "commands/schedule/channel_ritual.hpp"
#include "commands/schedule/fire_times.hpp"
#include "commands/suggestions/ballot.hpp"
#include "commands/suggestions/suggestion_handlers.hpp"
#include "commands/suggestions/voting.hpp"
#include "storage/audit_log.hpp"
#include "storage/suggestions.hpp"
#include "storage/suggestions_settings.hpp"

namespace ritualbot::commands {
namespace {

using namespace suggestions;

enum class Step { call, open, close };

FireRule rule_for(Step step, const storage::SuggestionSettings& s, const date::time_zone* zone) {
    const int weekday = step == Step::call   ? s.call_weekday
                        : step == Step::open ? s.open_weekday
                                             : s.close_weekday;
    const int minute = step == Step::call   ? s.call_minute
                       : step == Step::open ? s.open_minute
                                            : s.close_minute;
    const auto day = date::weekday{static_cast<unsigned>(weekday % 7)};  // ISO 7 is Sunday: 0
    return {zone, std::chrono::minutes{minute},
            [day](LocalDate date) { return date::weekday{date} == day; }};
}

std::string call_text(storage::Database& db, const std::string& channel, LocalDate today,
                      const storage::SuggestionSettings& settings, std::int64_t now_ms) {
    std::string text =
        ":mega: *Friday suggestions* — what should the crew improve? "
        "`/suggest TEXT [#procedure] [anon]`, or `/suggest` alone for a form.";
    if (const auto round =
            storage::SuggestionRounds(db).current(channel, storage::RoundState::collecting)) {
        const auto in = storage::Suggestions(db).in_round(round->id);
        if (!in.empty()) text += "\n*In so far (" + std::to_string(in.size()) + ")*";
        for (std::size_t i = 0; i < in.size() && i < 20; ++i) {
            text += "\n• " + truncate_utf8(suggestion_line(in[i], false), 300);
        }
        if (in.size() > 20) text += "\n…and " + std::to_string(in.size() - 20) + " more.";
    }
    const std::string open = open_improvement_lines(db, channel, today, now_ms);
    if (!open.empty()) text += "\n*Improvements still open*" + open;
    const int streak = done_streak(db, channel, today);
    text += "\n:fire: Streak: " + std::to_string(streak) + (streak == 1 ? " week" : " weeks") +
            " in a row with an improvement done.";
    text += "\nEveryone gets " + std::to_string(settings.votes_per_person) +
            " votes when the ballot opens.";
    return truncate_utf8(text, 3900);
}

class SuggestionStep final : public ChannelRitual {
public:
    SuggestionStep(Step step, std::string_view name) : step_(step), name_(name) {}

    std::string_view name() const override { return name_; }

    void for_each_channel(ScheduleReads& reads, const VisitChannel& visit) const override {
        storage::Database& db = reads.db();
        for (const auto& settings : storage::SuggestionSettingsStore(db).enrolled()) {
            const ChannelConfig config = load_channel_config(db, settings.channel);
            visit(settings.channel, rule_for(step_, settings, config.zone), settings.enrolled_at);
        }
    }

    Effects fire(const DueRun& run, Context& context) const override {
        storage::Database& db = *context.db;
        const std::int64_t now = now_ms(context.clock);
        const ChannelConfig config = load_channel_config(db, run.channel);
        const auto settings = storage::SuggestionSettingsStore(db).get(run.channel);
        switch (step_) {
            case Step::call: {
                const LocalDate today = local_date_of(config.zone, now_seconds(context.clock));
                Effects effects;
                effects.posts.push_back(
                    {run.channel, call_text(db, run.channel, today, settings, now)});
                storage::AuditLog(db).record(
                    {0, run.channel, std::string(kBotActor), "suggest.call", run.local_date, now});
                return effects;
            }
            case Step::open: {
                storage::SuggestionRounds rounds(db);
                if (rounds.current(run.channel, storage::RoundState::voting)) return {};
                Outcome outcome = open_vote(db, run.channel, kBotActor, now);
                if (!outcome.changed) {
                    Effects effects;
                    effects.posts.push_back(
                        {run.channel,
                         "No suggestions came in this round, so there is no vote today. "
                         "`/suggest TEXT` any day adds one for next time."});
                    return effects;
                }
                return std::move(outcome.effects);
            }
            case Step::close:
                return close_vote(db, run.channel, kBotActor, config.zone, now).effects;
        }
        return {};
    }

private:
    Step step_;
    std::string_view name_;
};

}  // namespace

std::unique_ptr<ScheduledRitual> make_suggestion_call() {
    return std::make_unique<SuggestionStep>(Step::call, kSuggestCall);
}

std::unique_ptr<ScheduledRitual> make_ballot_open() {
    return std::make_unique<SuggestionStep>(Step::open, kSuggestOpen);
}

std::unique_ptr<ScheduledRitual> make_vote_close() {
    return std::make_unique<SuggestionStep>(Step::close, kSuggestClose);
}

}  // namespace ritualbot::commands
