// The sync pass's decisions, by tables of step outcomes: spacing between pages, Retry-After,
// backoff after transient failures, giving up, Freshdesk's ratings after its tickets.

#include "bot/connectors/sync_pass.hpp"

#include <catch2/catch.hpp>

using namespace ritualbot::bot;
using namespace ritualbot::bot::connectors;
using ritualbot::commands::StepOutcome;
using ritualbot::commands::StepResult;
using std::chrono::milliseconds;
using Action = PassDecision::Action;

namespace {

// Jitter pinned to its top (factor 1.0) so backoff delays are exact: 1 s, 2 s, 4 s, …
SyncPass make_pass(milliseconds spacing) {
    return SyncPass(spacing,
                    slack::Backoff(milliseconds(1000), milliseconds(60'000), [] { return 1.0; }));
}

StepOutcome outcome(StepResult result, std::optional<std::chrono::seconds> retry_after = {}) {
    StepOutcome o;
    o.result = result;
    o.retry_after = retry_after;
    o.detail = "detail";
    return o;
}

struct Row {
    StepOutcome outcome;
    Action action;
    milliseconds wait;
};

void run_table(SyncPass& pass, std::initializer_list<Row> rows) {
    int line = 0;
    for (const Row& row : rows) {
        INFO("row " << ++line);
        const PassDecision decision = pass.after(row.outcome);
        CHECK(decision.action == row.action);
        CHECK(decision.wait == row.wait);
    }
}

}  // namespace

TEST_CASE("pages are spaced and the pass ends when caught up") {
    SyncPass pass = make_pass(milliseconds(6000));
    run_table(pass, {{outcome(StepResult::more), Action::step, milliseconds(6000)},
                     {outcome(StepResult::more), Action::step, milliseconds(6000)},
                     {outcome(StepResult::caught_up), Action::done, milliseconds(0)}});
}

TEST_CASE("a 429 waits its Retry-After and transient failures back off until a page comes") {
    SyncPass pass = make_pass(milliseconds(100));
    run_table(pass, {{outcome(StepResult::rate_limited, std::chrono::seconds(7)), Action::step,
                      milliseconds(7000)},
                     {outcome(StepResult::rate_limited), Action::step, milliseconds(60'000)},
                     {outcome(StepResult::transient), Action::step, milliseconds(1000)},
                     {outcome(StepResult::transient), Action::step, milliseconds(2000)},
                     {outcome(StepResult::more), Action::step, milliseconds(100)},
                     {outcome(StepResult::transient), Action::step, milliseconds(1000)}});
}

TEST_CASE("a failure a retry cannot fix ends the pass at once and too many in a row end it too") {
    SyncPass refused = make_pass(milliseconds(0));
    const PassDecision decision = refused.after(outcome(StepResult::failed));
    CHECK(decision.action == Action::give_up);
    CHECK(decision.reason == "detail");

    SyncPass flaky = make_pass(milliseconds(0));
    for (int i = 1; i < kMaxFailuresInARow; ++i) {
        CHECK(flaky.after(outcome(StepResult::transient)).action == Action::step);
    }
    const PassDecision last = flaky.after(outcome(StepResult::transient));
    CHECK(last.action == Action::give_up);
    CHECK_THAT(last.reason, Catch::Contains("next poll"));
}

TEST_CASE("Freshdesk's ratings follow its tickets within the pass") {
    SyncPass pass = make_pass(milliseconds(0));
    StepOutcome tickets_done = outcome(StepResult::more);
    tickets_done.ratings_next = true;
    CHECK(pass.after(tickets_done).ratings);
    CHECK(pass.after(outcome(StepResult::transient)).ratings);  // the retry reads ratings too
}

TEST_CASE("the documented limits space requests unless the source says otherwise") {
    ritualbot::storage::HelpdeskSource source;
    source.kind = "zendesk";
    CHECK(spacing_of(source) == milliseconds(6000));  // 10 a minute
    source.kind = "freshdesk";
    CHECK(spacing_of(source) == milliseconds(3000));
    source.spacing_ms = 0;
    CHECK(spacing_of(source) == milliseconds(0));
}
