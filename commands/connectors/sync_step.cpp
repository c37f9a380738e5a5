#include "commands/connectors/sync_step.hpp"

#include <chrono>

#include "commands/connectors/freshdesk_mapping.hpp"
#include "commands/connectors/zendesk_mapping.hpp"
#include "commands/replies.hpp"
#include "commands/ticket_data/iso_time.hpp"
#include "commands/ticket_data/ticket_store.hpp"
#include "storage/helpdesk_sources.hpp"
#include "storage/tickets.hpp"

namespace ritualbot::commands {
namespace {

constexpr int kHttpTooManyRequests = 429;
constexpr int kHttpServerErrors = 500;

std::string query_value(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

// Freshdesk's position: the time the list starts from and the page at that time ("…|2").
struct TimeCursor {
    std::string since;
    int page = 1;
};

TimeCursor read_time_cursor(const std::optional<std::string>& stored, std::int64_t backfill_from) {
    if (!stored) return {format_iso8601_utc(backfill_from), 1};
    const std::size_t bar = stored->find('|');
    if (bar == std::string::npos) return {*stored, 1};
    return {stored->substr(0, bar), std::max(1, std::atoi(stored->c_str() + bar + 1))};
}

std::string write_time_cursor(const TimeCursor& cursor) {
    return cursor.since + "|" + std::to_string(cursor.page);
}

// Where the list goes on after a page: from the newest time on it, or (when the whole page
// shares the time it started from) the next page at that time.
TimeCursor advance(const TimeCursor& at, const std::string& newest) {
    if (!newest.empty() && newest != at.since) return {newest, 1};
    return {at.since, at.page + 1};
}

std::string zendesk_url(const storage::HelpdeskSource& source, const SyncLimits& limits) {
    std::string url = source.base_url + "/api/v2/incremental/tickets/cursor.json?";
    if (source.cursor) {
        url += std::string("cursor=") + query_value(*source.cursor);
    } else {
        url += std::string("start_time=") + std::to_string(source.backfill_from / 1000);
    }
    return url + "&include=metric_sets&per_page=" + std::to_string(limits.zendesk_page_size);
}

std::string freshdesk_url(const storage::HelpdeskSource& source, bool ratings,
                          const SyncLimits& limits) {
    const TimeCursor at =
        read_time_cursor(ratings ? source.csat_cursor : source.cursor, source.backfill_from);
    std::string url = source.base_url;
    if (ratings) {
        url += std::string("/api/v2/surveys/satisfaction_ratings?created_since=") +
               query_value(at.since);
    } else {
        url += std::string("/api/v2/tickets?updated_since=") + query_value(at.since) +
               "&order_by=updated_at&order_type=asc&include=stats";
    }
    return url + "&per_page=" + std::to_string(limits.freshdesk_page_size) + std::string("&page=") +
           std::to_string(at.page);
}

// An answer that is not a page: what kind of failure it is, and what to tell the admin.
std::optional<StepOutcome> http_failure(const HttpReply& reply, const std::string& kind) {
    StepOutcome outcome;
    const std::string name = helpdesk_name(kind);
    if (reply.status == 0) {
        outcome.result = StepResult::transient;
        outcome.detail = name + " did not answer: " + reply.error;
    } else if (reply.status == kHttpTooManyRequests) {
        outcome.result = StepResult::rate_limited;
        outcome.retry_after = reply.retry_after;
        outcome.detail = name + " asked to slow down (HTTP 429)";
    } else if (reply.status >= kHttpServerErrors) {
        outcome.result = StepResult::transient;
        outcome.detail = name + " answered HTTP " + std::to_string(reply.status);
    } else if (reply.status == 401 || reply.status == 403) {
        outcome.detail = name + " refused the credentials (HTTP " + std::to_string(reply.status) +
                         "): check " +
                         (kind == "zendesk" ? "RITUALBOT_ZENDESK_EMAIL and RITUALBOT_ZENDESK_TOKEN"
                                            : "RITUALBOT_FRESHDESK_API_KEY") +
                         " (an admin's API access is needed)";
    } else if (reply.status == 404) {
        outcome.detail = name + " has no such API here (HTTP 404): is the source's URL right?";
    } else if (reply.status != 200) {
        outcome.detail = name + " answered HTTP " + std::to_string(reply.status);
    } else {
        return std::nullopt;
    }
    return outcome;
}

// Applies a mapped page: tickets through the one validator and store, deletions, follow-ups,
// ratings. Returns the outcome's counts.
void store_page(storage::Database& db, const std::string& channel, HelpdeskPage& page,
                StepOutcome& outcome) {
    TicketStore store(db, channel);
    for (MappedTicket& mapped : page.tickets) {
        if (!mapped.ticket) {
            if (outcome.rejected++ == 0) {
                outcome.detail = "ticket " + mapped.id + " skipped: " + mapped.ticket.error();
            }
            continue;
        }
        store.put(*mapped.ticket);
        ++outcome.stored;
    }
    storage::Tickets tickets(db);
    for (const std::string& id : page.deleted) outcome.deleted += tickets.remove(channel, id);
    for (const std::string& id : page.recontacted) tickets.mark_recontacted(channel, id);
    for (const auto& [id, csat] : page.ratings)
        outcome.stored += tickets.set_csat(channel, id, csat);
}

Result<HelpdeskPage> map_page(const storage::HelpdeskSource& source, bool ratings,
                              const std::string& body, const MappingOptions& options) {
    if (source.kind == "zendesk") return map_zendesk_page(body, options);
    return ratings ? map_freshdesk_ratings(body) : map_freshdesk_tickets(body, options);
}

std::string month_day(std::int64_t ms) {
    using namespace std::chrono;
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const year_month_day day{floor<days>(sys_time<milliseconds>{milliseconds{ms}})};
    return std::string(kMonths[static_cast<unsigned>(day.month()) - 1])
        .append(" ")
        .append(std::to_string(static_cast<unsigned>(day.day())));
}

}  // namespace

std::string helpdesk_name(const std::string& kind) {
    return kind == "zendesk" ? "Zendesk" : kind == "freshdesk" ? "Freshdesk" : kind;
}

std::string backfill_announcement(const std::string& kind, std::int64_t tickets,
                                  std::int64_t from_ms, std::int64_t to_ms) {
    std::string text = "Imported ";
    text += with_thousands(tickets);
    text.append(tickets == 1 ? " ticket" : " tickets").append(" from ").append(helpdesk_name(kind));
    return text.append(", ").append(month_day(from_ms)).append(" – ").append(month_day(to_ms));
}

StepOutcome sync_step(storage::Database& db, const SyncStep& step, HelpdeskFetcher& fetcher,
                      std::int64_t now_ms, const EnqueuePosts& enqueue, const SyncLimits& limits) {
    storage::HelpdeskSources sources(db);
    const auto source = sources.find(step.channel, step.kind);
    if (!source) return {.detail = "the source was removed"};
    const bool zendesk = source->kind == "zendesk";
    const std::string url =
        zendesk ? zendesk_url(*source, limits) : freshdesk_url(*source, step.ratings, limits);

    const HttpReply reply = fetcher.get(source->kind, url);
    if (auto failure = http_failure(reply, source->kind)) {
        sources.record_error(step.channel, step.kind, failure->detail);
        return *failure;
    }
    const auto rule = parse_request_type_rule(source->request_type_rule);
    const MappingOptions options{rule ? *rule : RequestTypeRule{},
                                 storage::Tickets(db).requester_key()};
    auto page = map_page(*source, step.ratings, reply.body, options);
    if (!page) {
        StepOutcome failed{.detail = helpdesk_name(source->kind) + ": " + page.error()};
        sources.record_error(step.channel, step.kind, failed.detail);
        return failed;
    }

    StepOutcome outcome;
    std::optional<std::string> cursor = source->cursor;
    std::optional<std::string> csat_cursor = source->csat_cursor;
    bool caught_up = false;
    if (zendesk) {
        if (page->next_cursor) cursor = page->next_cursor;
        caught_up = page->end_of_stream;
    } else {
        auto& stored = step.ratings ? csat_cursor : cursor;
        const TimeCursor at = read_time_cursor(stored, source->backfill_from);
        const bool full = page->items >= static_cast<std::size_t>(limits.freshdesk_page_size);
        stored = write_time_cursor(
            full ? advance(at, page->newest_change)
                 : TimeCursor{page->newest_change.empty() ? at.since : page->newest_change, 1});
        caught_up = !full && step.ratings;
        outcome.ratings_next = !full || step.ratings;
    }

    storage::Transaction tx(db);
    store_page(db, step.channel, *page, outcome);
    sources.record_page(step.channel, step.kind, cursor, csat_cursor,
                        static_cast<std::int64_t>(step.ratings ? 0 : outcome.stored), now_ms);
    if (caught_up && !source->backfill_done_at) {
        sources.finish_backfill(step.channel, step.kind, now_ms);
        const auto done = sources.find(step.channel, step.kind);
        Effects effects;
        effects.posts.push_back(
            {.channel = step.channel,
             .text = backfill_announcement(step.kind, done ? done->backfill_tickets : 0,
                                           source->backfill_from, now_ms)});
        outcome.outbox_rows = enqueue(effects, "backfill:" + step.channel + ":" + step.kind + ":" +
                                                   std::to_string(source->added_at));
        outcome.backfill_done = true;
    }
    tx.commit();
    outcome.result = caught_up ? StepResult::caught_up : StepResult::more;
    return outcome;
}

}  // namespace ritualbot::commands
