#pragma once

// The helpdesks (Zendesk, Freshdesk) a channel's tickets are polled from, one per kind and
// channel, with what their sync has done so far: the cursor the next request resumes from, the
// counters `/outliers source list` and /metrics show, and when the next poll is due.
// The API credentials are not here: they come from the environment (config/), never from Slack.
// Values are stored as given; commands/ validates them.
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Statement.h>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct HelpdeskSource {
    std::string channel;
    std::string kind;                        // "zendesk" or "freshdesk"
    std::string base_url;                    // "https://acme.zendesk.com", no trailing slash
    std::string request_type_rule;           // "", "field:ID" or "tag-prefix:PREFIX"
    std::optional<std::int64_t> spacing_ms;  // between requests; nullopt: the documented limit
    std::optional<std::string> cursor;       // nullopt: start at backfill_from
    std::optional<std::string> csat_cursor;
    std::int64_t backfill_from = 0;
    std::optional<std::int64_t> backfill_done_at;  // nullopt: the first sync is under way
    std::int64_t backfill_tickets = 0;             // tickets stored by the first sync
    std::int64_t tickets_seen = 0;                 // tickets stored by every sync
    std::optional<std::int64_t> last_success_at;
    std::string last_error;  // empty after a success
    std::int64_t next_poll_at = 0;
    std::string added_by;
    std::int64_t added_at = 0;
};

class HelpdeskSources {
public:
    explicit HelpdeskSources(Database& db) : db_(db) {}

    // Adds the source, or (same channel and kind) points it at a new URL and starts its sync
    // over from backfill_from. Rules and spacing set earlier are kept.
    void add(const HelpdeskSource& source);
    bool remove(const std::string& channel, const std::string& kind);
    std::optional<HelpdeskSource> find(const std::string& channel, const std::string& kind);
    std::vector<HelpdeskSource> of_channel(const std::string& channel);
    std::vector<HelpdeskSource> all();
    // Sources whose next poll is due at `now_ms`, earliest first.
    std::vector<HelpdeskSource> due(std::int64_t now_ms);
    // The earliest next_poll_at of any source; nullopt when there is none.
    std::optional<std::int64_t> next_due();

    bool set_request_type_rule(const std::string& channel, const std::string& kind,
                               const std::string& rule);
    bool set_spacing(const std::string& channel, const std::string& kind,
                     std::optional<std::int64_t> spacing_ms);
    // Makes every source of the channel due now; returns how many there are.
    std::size_t poll_now(const std::string& channel);

    // After a page was stored (same transaction): the new cursors and the tickets it brought.
    void record_page(const std::string& channel, const std::string& kind,
                     const std::optional<std::string>& cursor,
                     const std::optional<std::string>& csat_cursor, std::int64_t tickets,
                     std::int64_t now_ms);
    // The first sync reached the present.
    void finish_backfill(const std::string& channel, const std::string& kind, std::int64_t now_ms);
    void record_error(const std::string& channel, const std::string& kind,
                      const std::string& error);
    void schedule(const std::string& channel, const std::string& kind, std::int64_t at_ms);

private:
    // UPDATE of one column of one source (`column` is a constant of this file, never input).
    template <class T>
    bool set_column(const std::string& channel, const std::string& kind, const char* column,
                    const std::optional<T>& value);
    std::vector<HelpdeskSource> select(const std::string& where,
                                       const std::function<void(CachedStatement&)>& bind);

    Database& db_;
};

}  // namespace ritualbot::storage
