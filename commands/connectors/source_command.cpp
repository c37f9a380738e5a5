#include "commands/connectors/source_command.hpp"

#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/clock.hpp"
#include "commands/connectors/helpdesk_page.hpp"
#include "commands/connectors/sync_step.hpp"
#include "commands/replies.hpp"
#include "commands/ticket_data/iso_time.hpp"
#include "config/url.hpp"
#include "storage/helpdesk_sources.hpp"

namespace ritualbot::commands {
namespace {

constexpr std::int64_t kMsPerDay = 24LL * 3600 * 1000;
constexpr int kMaxSpacingMs = 600'000;

Result<std::string> known_kind(const std::string& kind) {
    const std::string lower = to_lower(kind);
    if (lower == "zendesk" || lower == "freshdesk") return lower;
    return Error{std::string("The helpdesk is `zendesk` or `freshdesk` (got `")
                     .append(escape_mrkdwn(kind))
                     .append("`).")};
}

// https://host[:port][/path], without a query or a trailing slash.
Result<std::string> base_url(const std::string& text) {
    const auto url = config::parse_url(text);
    if (!url || url->scheme != "https" || url->path.find('?') != std::string::npos) {
        return Error{
            "The URL must be the helpdesk's https:// address, e.g. "
            "`https://acme.zendesk.com` (got `" +
            escape_mrkdwn(text) + "`)."};
    }
    std::string path = url->path;
    while (!path.empty() && path.back() == '/') path.pop_back();
    const bool ipv6 = url->host.find(':') != std::string::npos;
    std::string base = "https://" + (ipv6 ? "[" + url->host + "]" : to_lower(url->host));
    if (url->port != "443") base += ":" + url->port;
    return base + path;
}

std::string no_source(const std::string& kind) {
    return std::string("This channel has no ") + helpdesk_name(kind) +
           " source; add one with `/outliers "
           "source add " +
           kind + " URL`.";
}

std::string describe(const storage::HelpdeskSource& source) {
    std::string text =
        std::string("• *") + helpdesk_name(source.kind) + "* " + source.base_url + "\n";
    if (source.backfill_done_at) {
        text += std::string("  first sync done ") + format_iso8601_utc(*source.backfill_done_at) + " (" +
                std::to_string(source.backfill_tickets) + " tickets since " +
                format_iso8601_utc(source.backfill_from) + ")\n";
    } else {
        text += std::string("  first sync under way, from ") + format_iso8601_utc(source.backfill_from) +
                std::string(" (") + std::to_string(source.backfill_tickets) + " tickets so far)\n";
    }
    text += "  last success: " +
            (source.last_success_at ? format_iso8601_utc(*source.last_success_at)
                                    : std::string("never")) +
            std::string("; tickets seen: ") + std::to_string(source.tickets_seen) + "; cursor: " +
            (source.cursor ? std::string("`") + escape_mrkdwn(*source.cursor) + "`" : "none yet") +
            "\n";
    text += "  request type: " +
            (source.request_type_rule.empty()
                 ? std::string("not mapped")
                 : std::string("`") + escape_mrkdwn(source.request_type_rule) + "`");
    if (source.spacing_ms)
        text += std::string("; spacing ") + std::to_string(*source.spacing_ms) + " ms";
    text += "\n";
    if (!source.last_error.empty()) {
        text += std::string("  :warning: last error: ") + escape_mrkdwn(source.last_error) + "\n";
    }
    return text;
}

// The words after `source`, as plain values.
std::vector<std::string> words(const Args& args) {
    std::vector<std::string> out;
    for (const Token& token : args.tokens) out.push_back(token.value);
    return out;
}

Reply answer(const Args& args, const Result<std::string>& result, bool to_channel) {
    if (!result) return usage_error(args, result.error());
    return to_channel ? channel_reply(*result) : ephemeral_reply(*result);
}

}  // namespace

Result<std::string> add_source(storage::Database& db, const std::string& channel,
                               const std::string& kind, const std::string& url, int backfill_days,
                               const std::string& added_by, std::int64_t now_ms) {
    const auto known = known_kind(kind);
    if (!known) return known;
    const auto base = base_url(url);
    if (!base) return base;
    if (backfill_days < 1 || backfill_days > kMaxBackfillDays) {
        return Error{std::string("The first sync reads 1 to ") + std::to_string(kMaxBackfillDays) +
                     " days of history."};
    }
    storage::HelpdeskSource source;
    source.channel = channel;
    source.kind = *known;
    source.base_url = *base;
    source.backfill_from = now_ms - backfill_days * kMsPerDay;
    source.added_by = added_by;
    source.added_at = now_ms;
    storage::HelpdeskSources(db).add(source);
    return std::string("Tickets of this channel now come from ") + helpdesk_name(*known) + " (" +
           *base + std::string("). The first sync reads the last ") +
           std::to_string(backfill_days) + " days and says here when it is done.";
}

Result<std::string> remove_source(storage::Database& db, const std::string& channel,
                                  const std::string& kind) {
    const auto known = known_kind(kind);
    if (!known) return known;
    if (!storage::HelpdeskSources(db).remove(channel, *known)) return Error{no_source(*known)};
    return helpdesk_name(*known) +
           " is no longer polled for this channel; the tickets it "
           "brought stay.";
}

Result<std::string> set_source(storage::Database& db, const std::string& channel,
                               const std::string& kind, const std::string& key,
                               const std::string& value) {
    const auto known = known_kind(kind);
    if (!known) return known;
    storage::HelpdeskSources sources(db);
    if (!sources.find(channel, *known)) return Error{no_source(*known)};
    if (key == "request_type") {
        const auto rule = parse_request_type_rule(value);
        if (!rule) return Error{rule.error()};
        const std::string stored = rule->kind == RequestTypeRule::Kind::none ? "" : value;
        sources.set_request_type_rule(channel, *known, stored);
        return stored.empty()
                   ? std::string("Tickets from ") + helpdesk_name(*known) + " get no request type."
                   : std::string("The request type of tickets from ") + helpdesk_name(*known) +
                         std::string(" now comes from `") + escape_mrkdwn(stored) +
                         "` (tickets synced from now on).";
    }
    if (key == "spacing") {
        std::optional<std::int64_t> spacing;
        if (value != "default") {
            const auto ms = parse_int(value, 0, kMaxSpacingMs);
            if (!ms) return Error{"The spacing is milliseconds between requests: " + ms.error()};
            spacing = *ms;
        }
        sources.set_spacing(channel, *known, spacing);
        return spacing ? helpdesk_name(*known) + " requests are now " + value + " ms apart."
                       : helpdesk_name(*known) + " requests now follow its documented rate limit.";
    }
    return Error{std::string("Set `request_type` or `spacing` (got `")
                     .append(escape_mrkdwn(key))
                     .append("`).")};
}

Result<std::string> request_sync(storage::Database& db, const std::string& channel) {
    const std::size_t n = storage::HelpdeskSources(db).poll_now(channel);
    if (n == 0) {
        return Error{
            "This channel has no ticket source; add one with `/outliers source add "
            "zendesk|freshdesk URL`."};
    }
    return std::string("A sync of ")
        .append(n == 1 ? "its source" : "its sources")
        .append(" starts within a few seconds; `/outliers source list` shows how it went.");
}

std::string list_sources(storage::Database& db, const std::string& channel) {
    const auto sources = storage::HelpdeskSources(db).of_channel(channel);
    if (sources.empty()) {
        return "This channel has no ticket source. An admin adds one with `/outliers source add "
               "zendesk https://ACME.zendesk.com` (or `freshdesk https://ACME.freshdesk.com`); "
               "the server needs the API credentials in its environment.";
    }
    std::string text = "*Ticket sources of this channel*\n";
    for (const auto& source : sources) text += describe(source);
    return text;
}

Reply outliers_source(const Request& request, const Args& args, Context& context) {
    if (context.db == nullptr)
        return usage_error(args, "The ticket database is not available here.");
    storage::Database& db = *context.db;
    const std::vector<std::string> w = words(args);
    const std::string verb = w.empty() ? "list" : to_lower(w[0]);
    if (verb == "list" && w.size() <= 1)
        return ephemeral_reply(list_sources(db, request.channel_id));
    if (verb == "sync" && w.size() == 1)
        return answer(args, request_sync(db, request.channel_id), false);

    const bool add = verb == "add" && (w.size() == 3 || w.size() == 4);
    if (!add && !(verb == "remove" && w.size() == 2) && !(verb == "set" && w.size() == 4)) {
        return usage_error(args,
                           "Say `add KIND URL [DAYS]`, `list`, `remove KIND`, `sync` or "
                           "`set KIND request_type RULE|spacing MS`.");
    }
    int days = kDefaultBackfillDays;
    if (add && w.size() == 4) {
        const auto parsed = parse_int(w[3], 1, kMaxBackfillDays);
        if (!parsed) return usage_error(args, "The days of history: " + parsed.error());
        days = *parsed;
    }
    const std::int64_t now = now_ms(context.clock);
    if (auto refused = require_admin(context, request, "change the ticket sources")) {
        return ephemeral_reply(*refused);
    }
    const Result<std::string> done =
        add ? add_source(db, request.channel_id, w[1], w[2], days, request.user_id, now)
        : verb == "remove" ? remove_source(db, request.channel_id, w[1])
                           : set_source(db, request.channel_id, w[1], to_lower(w[2]), w[3]);
    if (done) audit(db, request, "outliers.source." + verb, trim(args.text), now);
    return answer(args, done, true);
}

}  // namespace ritualbot::commands
