#include "bot/http/ticket_ingest.hpp"

#include "bot/http/signature.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/wall_clock.hpp"
#include "commands/ticket_data/importer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace ritualbot::bot::http {

namespace {

constexpr std::size_t kMaxChannelIdLength = 32;

Response text(int status, std::string body) {
    return Response{status, "text/plain; charset=utf-8", std::move(body) + "\n"};
}

// Slack conversation ids are upper-case letters and digits; anything else is refused before
// it reaches an environment lookup or a log line.
bool is_conversation_id(const std::string& id) {
    return id.size() >= 2 && id.size() <= kMaxChannelIdLength &&
           std::all_of(id.begin(), id.end(), [](unsigned char c) {
               return std::isupper(c) != 0 || std::isdigit(c) != 0;
           });
}

std::int64_t parse_seconds(const std::string& timestamp) {
    std::int64_t sent = 0;
    std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), sent);
    return sent;
}

// The answer once the worker stored the batch; counted and logged on the io thread.
Response stored(const std::string& channel, const commands::ImportReport& report) {
    metrics().add("ritualbot_tickets_ingested_total", {{"outcome", "accepted"}},
                  static_cast<double>(report.accepted));
    metrics().add("ritualbot_tickets_ingested_total", {{"outcome", "rejected"}},
                  static_cast<double>(report.rejected.size()));
    nlohmann::json rejected = nlohmann::json::array();
    for (const commands::RowError& error : report.rejected)
        rejected.push_back({{"item", error.line}, {"reason", error.reason}});
    log::info("ingest.done", {{"channel", channel},
                              {"accepted", std::to_string(report.accepted)},
                              {"rejected", std::to_string(report.rejected.size())}});
    const int status = report.accepted == 0 && !report.rejected.empty() ? 422 : 200;
    return Response{
        status, "application/json",
        nlohmann::json{{"accepted", report.accepted}, {"rejected", rejected}}.dump() + "\n"};
}

}  // namespace

TicketIngest::TicketIngest(Worker& worker, IngestPolicy policy)
    : worker_(worker), policy_(std::move(policy)),
      replays_(kReplayCacheCapacity, kSignatureWindowSeconds) {}

// Why the request is refused before any of its rows is read, or nullopt when it may go on.
std::optional<Response> TicketIngest::refusal(const Request& request) {
    const auto param = request.query.find("channel");
    if (param == request.query.end() || param->second.empty())
        return text(400, "say which conversation: POST /ingest/tickets?channel=C0123ABCD");
    const std::string& channel = param->second;
    if (!is_conversation_id(channel))
        return text(400, "channel must be a Slack conversation id such as C0123ABCD");

    const std::optional<std::string> own_secret =
        policy_.channel_secret ? policy_.channel_secret(channel) : std::nullopt;
    const std::string& secret = own_secret ? *own_secret : policy_.global_secret;
    if (secret.empty()) {
        return text(503, "ticket ingestion is off for " + channel +
                             ": set RITUALBOT_INGEST_SECRET or RITUALBOT_INGEST_SECRET_" + channel);
    }

    const std::string timestamp = request.header("x-ritualbot-timestamp");
    const std::string signature = request.header("x-ritualbot-signature");
    const std::int64_t now = wall_clock_ms() / 1000;
    const auto check = verify_channel_request(secret, {timestamp, signature, channel, request.body},
                                              now, policy_.allow_v0);
    if (check != SignatureCheck::ok) {
        log::warn("ingest.refused", {{"channel", channel}, {"reason", describe(check)}});
        return text(401, describe(check));
    }

    const Membership membership =
        policy_.membership ? policy_.membership(channel) : Membership::unknown;
    if (membership == Membership::not_member) {
        log::warn("ingest.refused", {{"channel", channel}, {"reason", "bot not in conversation"}});
        return text(404, channel + " is not a conversation the bot is in: invite the bot there "
                                   "(/invite @ritualbot) or check the channel id");
    }
    if (membership == Membership::unknown) {
        return text(503, "cannot tell yet whether the bot is in " + channel +
                             " (Slack has not answered); retry in a minute");
    }

    switch (replays_.admit(signature, parse_seconds(timestamp), now)) {
        case ReplayCache::Outcome::fresh: break;
        case ReplayCache::Outcome::replayed:
            log::warn("ingest.refused", {{"channel", channel}, {"reason", "replayed signature"}});
            return text(401, "this signature was already used: sign every request afresh "
                             "(a new timestamp)");
        case ReplayCache::Outcome::full:
            return text(503, "too many signed requests in the last 5 minutes; retry later");
    }

    return std::nullopt;
}

void TicketIngest::handle(const Request& request, Respond respond) {
    if (std::optional<Response> refused = refusal(request)) return respond(*std::move(refused));
    const std::string channel = request.query.at("channel");
    const Worker::Admission admission = worker_.submit(
        {"ingest_tickets", std::string("channel=").append(channel),
         [channel, body = request.body, respond](storage::Database& db,
                                                 std::stop_token) -> Worker::Done {
             return [channel, respond, report = commands::ingest_tickets_json(db, channel, body)] {
                 respond(stored(channel, report));
             };
         },
         [respond](const std::string& why) {
             respond(text(503, std::string("nothing was stored: ").append(why)));
         }});
    if (admission == Worker::Admission::full) {
        respond(text(503,
                     "busy: earlier batches are still being stored, so nothing was stored; "
                     "retry in a few seconds (sign the request afresh)"));
    } else if (admission == Worker::Admission::stopped) {
        respond(text(503, std::string("nothing was stored: ").append(Worker::kShutdownReason)));
    }
}

}  // namespace ritualbot::bot::http
