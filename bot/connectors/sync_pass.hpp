#pragma once
// One pass over a helpdesk source: steps (commands/connectors/sync_step) until it is caught up,
// spaced to the helpdesk's rate limit, waiting out 429s (Retry-After) and backing off after
// transient failures with the project's one Backoff. SyncPass only decides — what to wait and
// whether to go on — so it is tested by tables of outcomes; the bot performs its decisions on
// the worker and an io-thread timer (poller.cpp), `ritualbot sync` in a plain loop
// (run_pass_blocking).
// Not thread-safe: one pass, one thread.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "bot/slack/reconnect_policy.hpp"
#include "commands/connectors/sync_step.hpp"
#include "storage/helpdesk_sources.hpp"

namespace ritualbot::bot::connectors {

// The documented limits: Zendesk's incremental export allows 10 requests a minute; Freshdesk's
// ticket list 20 a minute on its smallest plan.
inline constexpr std::chrono::milliseconds kZendeskSpacing{6000};
inline constexpr std::chrono::milliseconds kFreshdeskSpacing{3000};
// A 429 without Retry-After waits this long.
inline constexpr std::chrono::seconds kDefaultRetryAfter{60};
// Failures in a row (429s included) after which the pass stops; the next poll starts over
// from the stored cursor.
inline constexpr int kMaxFailuresInARow = 8;
// Requests in one pass (10 million tickets at Zendesk's page size); the next poll goes on.
inline constexpr int kMaxRequestsPerPass = 10000;

std::chrono::milliseconds spacing_of(const storage::HelpdeskSource& source);

struct PassDecision {
    enum class Action { step, done, give_up } action = Action::step;
    std::chrono::milliseconds wait{0};  // before the next step
    bool ratings = false;               // the next step reads Freshdesk's ratings
    std::string reason;                 // for the log when it is not a plain next page
};

class SyncPass {
public:
    SyncPass(std::chrono::milliseconds spacing, slack::Backoff backoff);
    PassDecision after(const commands::StepOutcome& outcome);

private:
    std::chrono::milliseconds spacing_;
    slack::Backoff backoff_;
    int failures_ = 0;
    int requests_ = 0;
    bool ratings_ = false;
};

// The Backoff a pass uses after transient failures: 2 s doubling to 5 min, jittered.
slack::Backoff make_sync_backoff();

struct PassReport {
    int requests = 0;
    std::size_t stored = 0;
    std::size_t deleted = 0;
    std::size_t rejected = 0;
    bool caught_up = false;
    bool backfill_done = false;
    std::string error;  // why the pass stopped early; empty when caught up
};

// `ritualbot sync` and the bench: steps and waits on the calling thread; `on_page` sees each
// step's outcome (a progress line per page).
PassReport run_pass_blocking(storage::Database& db, const storage::HelpdeskSource& source,
                             commands::HelpdeskFetcher& fetcher,
                             const std::function<std::int64_t()>& now_ms,
                             const commands::EnqueuePosts& enqueue,
                             const std::function<void(const commands::StepOutcome&)>& on_page);

}  // namespace ritualbot::bot::connectors
