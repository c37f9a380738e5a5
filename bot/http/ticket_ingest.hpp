#pragma once
// POST /ingest/tickets?channel=C: a signed JSON batch of tickets for one conversation the bot
// is in (see signature.hpp for the signature, commands/ticket_data/importer.hpp for the rows).
// Answers 400 without a well-formed channel, 503 while no secret covers the channel, 401 for a
// bad, refused or replayed signature, 404 for a conversation the bot is not in. A channel with
// its own secret (RITUALBOT_INGEST_SECRET_<CHANNEL>) accepts only that one.
// The checks run on the io thread; parsing and storing the batch is a job on the worker, and
// the answer comes when the batch is stored: 200 with what was accepted and rejected (422 when
// every row was rejected), or 503 "nothing was stored" when the worker's queue is full or the
// bot is shutting down.
#include "bot/http/http_server.hpp"
#include "bot/http/replay_cache.hpp"

#include "bot/runtime/worker.hpp"

#include <functional>
#include <optional>
#include <string>

namespace ritualbot::bot::http {

enum class Membership { member, not_member, unknown };

struct IngestPolicy {
    std::string global_secret;  // RITUALBOT_INGEST_SECRET; empty: none
    // RITUALBOT_INGEST_SECRET_<CHANNEL> for a channel, when set and non-empty.
    std::function<std::optional<std::string>(const std::string& channel)> channel_secret;
    bool allow_v0 = false;  // RITUALBOT_INGEST_ALLOW_V0=1: unsafe, v0 does not sign the channel
    std::function<Membership(const std::string& channel)> membership;
};

class TicketIngest {
public:
    TicketIngest(Worker& worker, IngestPolicy policy);
    void handle(const Request& request, Respond respond);

    static constexpr std::size_t kReplayCacheCapacity = 100'000;

private:
    std::optional<Response> refusal(const Request& request);

    Worker& worker_;
    IngestPolicy policy_;
    ReplayCache replays_;
};

}  // namespace ritualbot::bot::http
