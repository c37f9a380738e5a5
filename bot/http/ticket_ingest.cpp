#include "bot/http/ticket_ingest.hpp"

#include "bot/http/signature.hpp"
#include "bot/runtime/log.hpp"
#include "bot/runtime/metrics.hpp"
#include "bot/runtime/wall_clock.hpp"
#include "commands/ticket_data/importer.hpp"

#include <nlohmann/json.hpp>

namespace ritualbot::bot::http {

Response ingest_tickets(storage::Database& db, const std::string& ingest_secret,
                        const Request& request) {
    const auto text = [](int status, std::string body) {
        return Response{status, "text/plain; charset=utf-8", std::move(body) + "\n"};
    };
    if (ingest_secret.empty())
        return text(503, "ticket ingestion is off: set RITUALBOT_INGEST_SECRET to turn it on");
    const auto channel = request.query.find("channel");
    if (channel == request.query.end() || channel->second.empty())
        return text(400, "say which crew: POST /ingest/tickets?channel=C0123ABCD");
    const auto check = verify_request(ingest_secret, request.header("x-ritualbot-timestamp"),
                                      request.header("x-ritualbot-signature"), request.body,
                                      wall_clock_ms() / 1000);
    if (check != SignatureCheck::ok) {
        log::warn("ingest.refused", {{"channel", channel->second}, {"reason", describe(check)}});
        return text(401, describe(check));
    }
    const commands::ImportReport report =
        commands::ingest_tickets_json(db, channel->second, request.body);
    metrics().add("ritualbot_tickets_ingested_total", {{"outcome", "accepted"}},
                  static_cast<double>(report.accepted));
    metrics().add("ritualbot_tickets_ingested_total", {{"outcome", "rejected"}},
                  static_cast<double>(report.rejected.size()));
    nlohmann::json rejected = nlohmann::json::array();
    for (const commands::RowError& error : report.rejected)
        rejected.push_back({{"item", error.line}, {"reason", error.reason}});
    log::info("ingest.done", {{"channel", channel->second},
                              {"accepted", std::to_string(report.accepted)},
                              {"rejected", std::to_string(report.rejected.size())}});
    const int status = report.accepted == 0 && !report.rejected.empty() ? 422 : 200;
    return Response{
        status, "application/json",
        nlohmann::json{{"accepted", report.accepted}, {"rejected", rejected}}.dump() + "\n"};
}

}  // namespace ritualbot::bot::http
