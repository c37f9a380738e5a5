#pragma once
// One step of a helpdesk sync: one request to the helpdesk, its answer mapped and stored in one
// transaction together with the cursor that follows it, so a restart resumes exactly after the
// last stored page (no duplicate, no gap). What to do next (another page at once, wait out a
// 429, back off, stop) is the caller's: bot/connectors drives the steps of a pass, on the worker
// in the bot and in a loop for `ritualbot sync`.
// Zendesk: the incremental export, cursor variant, from `start_time` = the backfill start, then
// `cursor` = the stored after_cursor, until end_of_stream. Freshdesk: the ticket list by
// `updated_since` (moved to the newest updated_at seen, paging only while a page's tickets all
// share one time), then the satisfaction ratings the same way by `created_since`.
// Threading: uses the Database and fetcher it is given, on the calling thread.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "commands/request.hpp"
#include "storage/database.hpp"

namespace ritualbot::commands {

struct HttpReply {
    int status = 0;  // 0: no answer (the network failed or timed out)
    std::string body;
    std::optional<std::chrono::seconds> retry_after;
    std::string error;  // why there was no answer
};

// How a step reaches a helpdesk. bot/ implements it over HTTPS, adding the credentials for
// `kind` ("zendesk" or "freshdesk"); the URL is complete (base URL, path and query).
class HelpdeskFetcher {
public:
    virtual ~HelpdeskFetcher() = default;
    virtual HttpReply get(const std::string& kind, const std::string& url) = 0;
};

enum class StepResult {
    more,          // call again at once (after the source's spacing)
    caught_up,     // the source is up to date: the pass is over
    rate_limited,  // HTTP 429: wait retry_after (or the spacing), then call again
    transient,     // network failure or HTTP 5xx: back off, then call again
    failed,        // a retry will not help (credentials, URL, a body that is not the API's)
};

struct SyncStep {
    std::string channel;
    std::string kind;
    bool ratings = false;  // Freshdesk: the satisfaction ratings, after the tickets
};

struct StepOutcome {
    StepResult result = StepResult::failed;
    bool ratings_next = false;  // the next step of this pass reads the ratings
    std::size_t stored = 0;     // tickets upserted (ratings applied)
    std::size_t deleted = 0;
    std::size_t rejected = 0;
    std::optional<std::chrono::seconds> retry_after{};
    std::string detail{};  // the error, or the first rejected ticket and why
    bool backfill_done = false;
    std::size_t outbox_rows = 0;  // posts enqueued (the backfill's announcement)
};

struct SyncLimits {
    int zendesk_page_size = 1000;
    int freshdesk_page_size = 100;  // Freshdesk's maximum
};

// Writes posts to the outbox inside the step's transaction; returns the rows added.
using EnqueuePosts = std::function<std::size_t(const Effects& effects, const std::string& key)>;

// A source that is no longer configured (removed meanwhile) is `failed` with a detail.
StepOutcome sync_step(storage::Database& db, const SyncStep& step, HelpdeskFetcher& fetcher,
                      std::int64_t now_ms, const EnqueuePosts& enqueue,
                      const SyncLimits& limits = {});

// "Imported 8,412 tickets from Zendesk, Sep 1 – Nov 30".
std::string backfill_announcement(const std::string& kind, std::int64_t tickets,
                                  std::int64_t from_ms, std::int64_t to_ms);

// "Zendesk", "Freshdesk".
std::string helpdesk_name(const std::string& kind);

}  // namespace ritualbot::commands
