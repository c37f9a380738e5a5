#pragma once
// A fake Zendesk and a fake Freshdesk in one HTTPS server on 127.0.0.1:<ephemeral>, with a
// certificate from a throw-away CA (emulator/certificates), for the connectors' end-to-end tests
// and bench. It serves the documented payload shapes (helpdesk-apis.md A1, A2):
//   GET /api/v2/incremental/tickets/cursor.json?start_time=S|cursor=C[&include=metric_sets]
//       [&per_page=N]  — tickets in the order they last changed; after_cursor, end_of_stream;
//   GET /api/v2/tickets?updated_since=T&order_by=updated_at&order_type=asc&per_page=N&page=P
//       [&include=stats];
//   GET /api/v2/surveys/satisfaction_ratings?created_since=T&per_page=N&page=P.
// A ticket put again moves to the end of the stream (as a changed ticket does), so a poll after
// a change sees it again. Failures can be scripted (a 429 with Retry-After mid-stream), and a
// wrong Authorization header gets a 401.
// Tickets are kept as JSON text: 100,000 of them fit in a bench's memory.
// Threading: the server runs its own io_context on its own thread; every public method is
// thread-safe. The destructor stops it and removes its certificates.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ritualbot::testing {

class FakeHelpdesk {
public:
    FakeHelpdesk();
    ~FakeHelpdesk();
    FakeHelpdesk(const FakeHelpdesk&) = delete;
    FakeHelpdesk& operator=(const FakeHelpdesk&) = delete;

    std::string base_url() const;  // "https://127.0.0.1:<port>"
    std::string ca_file() const;

    // Requests must carry this Authorization header (else HTTP 401); empty: any.
    void expect_authorization(std::string header);
    // Zendesk pages hold at most this many tickets, whatever per_page asks (default 1000).
    void set_zendesk_page_cap(int cap);

    // Zendesk: the ticket (with its metric set, or null) changed now: it goes to the end of
    // the stream, replacing its earlier version. `ticket` needs id and generated_timestamp.
    void zendesk_put(const nlohmann::json& ticket, const nlohmann::json& metric_set);
    // The same with JSON text already written (the bench's 100,000 tickets).
    void zendesk_put_text(std::int64_t id, std::int64_t generated_timestamp, std::string ticket,
                          std::string metric_set);
    // Every ticket and metric set of an export page (the fixture), in its order.
    void zendesk_put_page(const nlohmann::json& page);

    // Freshdesk: a ticket (with `stats`, `updated_at`) or a satisfaction rating, replacing the
    // one with the same id.
    void freshdesk_put(const nlohmann::json& ticket);
    void freshdesk_rate(const nlohmann::json& rating);

    // After `after_ok` more answered requests, the next `count` get `status` (with Retry-After
    // `retry_after_seconds` when > 0).
    void fail_later(int after_ok, int status, int retry_after_seconds, int count = 1);

    // The request targets (path and query) in the order they came.
    std::vector<std::string> requests() const;

    struct State;

private:
    std::shared_ptr<State> state_;
};

}  // namespace ritualbot::testing
