#include "bot/connectors/sync_pass.hpp"

#include <algorithm>
#include <random>
#include <thread>

namespace ritualbot::bot::connectors {

using std::chrono::milliseconds;
using Action = PassDecision::Action;
using commands::StepResult;

namespace {
constexpr milliseconds kBackoffBase{2000};
constexpr milliseconds kBackoffCap{300000};
}  // namespace

milliseconds spacing_of(const storage::HelpdeskSource& source) {
    if (source.spacing_ms) return milliseconds(*source.spacing_ms);
    return source.kind == "zendesk" ? kZendeskSpacing : kFreshdeskSpacing;
}

SyncPass::SyncPass(milliseconds spacing, slack::Backoff backoff)
    : spacing_(spacing), backoff_(std::move(backoff)) {}

PassDecision SyncPass::after(const commands::StepOutcome& outcome) {
    if (++requests_ >= kMaxRequestsPerPass && outcome.result != StepResult::caught_up) {
        return {Action::give_up, milliseconds(0), ratings_,
                std::to_string(requests_) + " requests in this pass; the next poll goes on"};
    }
    switch (outcome.result) {
        case StepResult::more:
            failures_ = 0;
            backoff_.reset();
            ratings_ = outcome.ratings_next;
            return {Action::step, spacing_, ratings_, ""};
        case StepResult::caught_up:
            return {Action::done, milliseconds(0), false, "caught up"};
        case StepResult::failed:
            return {Action::give_up, milliseconds(0), ratings_, outcome.detail};
        case StepResult::rate_limited:
        case StepResult::transient:
            break;
    }
    if (++failures_ >= kMaxFailuresInARow) {
        return {Action::give_up, milliseconds(0), ratings_,
                outcome.detail + "; " + std::to_string(failures_) +
                    " failures in a row, trying again at the next poll"};
    }
    const milliseconds wait =
        outcome.result == StepResult::rate_limited
            ? std::max<milliseconds>(spacing_, outcome.retry_after.value_or(kDefaultRetryAfter))
            : backoff_.next();
    return {Action::step, wait, ratings_,
            outcome.detail + "; retrying in " + std::to_string(wait.count()) + " ms"};
}

slack::Backoff make_sync_backoff() {
    auto random = std::make_shared<std::mt19937>(std::random_device{}());
    return slack::Backoff(kBackoffBase, kBackoffCap, [random] {
        return std::uniform_real_distribution<double>(0.0, 1.0)(*random);
    });
}

PassReport run_pass_blocking(storage::Database& db, const storage::HelpdeskSource& source,
                             commands::HelpdeskFetcher& fetcher,
                             const std::function<std::int64_t()>& now_ms,
                             const commands::EnqueuePosts& enqueue,
                             const std::function<void(const commands::StepOutcome&)>& on_page) {
    PassReport report;
    SyncPass pass(spacing_of(source), make_sync_backoff());
    commands::SyncStep step{source.channel, source.kind, false};
    while (true) {
        const commands::StepOutcome outcome =
            commands::sync_step(db, step, fetcher, now_ms(), enqueue);
        ++report.requests;
        report.stored += outcome.stored;
        report.deleted += outcome.deleted;
        report.rejected += outcome.rejected;
        report.backfill_done = report.backfill_done || outcome.backfill_done;
        on_page(outcome);
        const PassDecision decision = pass.after(outcome);
        if (decision.action == Action::done) {
            report.caught_up = true;
            return report;
        }
        if (decision.action == Action::give_up) {
            report.error = decision.reason;
            return report;
        }
        step.ratings = decision.ratings;
        std::this_thread::sleep_for(decision.wait);
    }
}

}  // namespace ritualbot::bot::connectors
