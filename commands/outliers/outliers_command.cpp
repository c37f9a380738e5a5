#include "commands/outliers/outliers_command.hpp"

#include <date/tz.h>

#include "commands/channel/channel_config.hpp"
#include "commands/channel/config_commands.hpp"
#include "commands/clock.hpp"
#include "commands/connectors/source_command.hpp"
#include "commands/outliers/causes.hpp"
#include "commands/outliers/chart_share.hpp"
#include "commands/outliers/digest.hpp"
#include "commands/outliers/format.hpp"
#include "commands/outliers/investigations.hpp"
#include "commands/outliers/quarterly_review.hpp"
#include "commands/outliers/trend.hpp"
#include "commands/playbook/procedure_names.hpp"
#include "commands/render/block_kit.hpp"
#include "commands/render/quarter_blocks.hpp"
#include "commands/render/trend_blocks.hpp"
#include "commands/replies.hpp"
#include "commands/ticket_data/csv_presets.hpp"
#include "commands/ticket_data/upload_import.hpp"
#include "storage/digest_texts.hpp"
#include "storage/investigations.hpp"

namespace ritualbot::commands {
namespace {

constexpr int kDefaultTrendWeeks = 6;

std::chrono::year_month_day local_today(const Context& context, const date::time_zone* zone) {
    const auto local = zone->to_local(context.clock.now());
    using namespace std::chrono;
    return year_month_day{sys_days{floor<days>(local).time_since_epoch()}};
}

std::chrono::year_month_day yesterday(const Context& context, const date::time_zone* zone) {
    using namespace std::chrono;
    return year_month_day{sys_days{local_today(context, zone)} - days{1}};
}

// The channel's zone for local dates (its own, or UTC).
const date::time_zone* zone_of(Context& context, const Request& request) {
    return load_channel_config(*context.db, request.channel_id).zone;
}

Reply no_database(const Args& args) {
    return usage_error(args, "The ticket database is not available here.");
}

// Keeps the text for the next `/outliers`, or in a channel not counted yet starts counting
// (changes made before were not counted, so this text cannot be kept). Only when the write
// lock is to be had: while another process writes (an import), the digest is answered all the
// same, only not kept.
void keep_unless_busy(storage::DigestTexts& texts, const storage::DigestTextKey& key,
                      std::optional<std::int64_t> revision, const std::string& text,
                      Context& context) {
    try {
        storage::Transaction keep(*context.db);
        if (revision) {
            texts.keep(key, *revision, text, now_ms(context.clock));
        } else {
            texts.start_counting(key.channel);
        }
        keep.commit();
    } catch (const std::exception& e) {
        if (!storage::is_busy(e)) throw;
    }
}

Reply show(const Request& request, const Args& args, Context& context) {
    if (context.db == nullptr) return no_database(args);
    // The digest's inputs' revision, read before any of them (the zone is one): a text kept at
    // this revision is what building the digest now would give.
    storage::DigestTexts texts(*context.db);
    const std::optional<std::int64_t> revision = texts.revision(request.channel_id);
    const date::time_zone* zone = zone_of(context, request);
    auto day = yesterday(context, zone);
    DigestOptions options;
    std::size_t next = 0;
    if (next < args.tokens.size() && args.tokens[next].kind == TokenKind::word) {
        const std::string word = to_lower(args.tokens[next].value);
        if (word == "yesterday") {
            ++next;
        } else if (word == "today") {
            day = local_today(context, zone);
            ++next;
        } else if (!word.empty() && word[0] >= '0' && word[0] <= '9') {
            const auto date = parse_date(args.tokens[next].value);
            if (!date) return usage_error(args, date.error());
            day = *date;
            ++next;
        }
    }
    if (next < args.tokens.size()) {
        if (args.tokens[next].kind != TokenKind::word) {
            return usage_error(args,
                               '"' + to_mrkdwn(args.tokens[next]) + "\" is not a request type.");
        }
        options.request_type = args.tokens[next].value;
        ++next;
    }
    if (next < args.tokens.size()) {
        return usage_error(args, '"' + to_mrkdwn(args.tokens[next]) + "\" is one word too many.");
    }
    const storage::DigestTextKey key{request.channel_id, format_date(day),
                                     options.request_type.value_or("")};
    if (revision) {
        if (auto kept = texts.find(key, *revision)) return ephemeral_reply(std::move(*kept));
    }
    const Digest digest = build_digest(*context.db, request.channel_id, day, zone, options);
    std::string text = digest_to_text(digest);
    if (options.request_type && digest.tickets == 0) {
        text += "_No " + escape_mrkdwn(*options.request_type) +
                " tickets that day; is the request type spelled as in the data?_\n";
    }
    keep_unless_busy(texts, key, revision, text, context);
    return ephemeral_reply(std::move(text));
}

bool is_word(const Token& token, std::string_view word) {
    return token.kind == TokenKind::word && to_lower(token.value) == word;
}

// The arguments with `procedure NAME` taken out from after the outlier id, and the procedure
// it names (nullopt when there is none); an error for an unknown name.
struct WithProcedure {
    Args args;
    std::optional<storage::Procedure> procedure;
};
Result<WithProcedure> take_procedure(const Request& request, const Args& args, Context& context) {
    WithProcedure out{args, std::nullopt};
    auto& t = out.args.tokens;
    if (t.size() < 3 || !is_word(t[1], "procedure")) return out;
    const auto name = playbook::name_of(t[2]);
    if (!name) return Error{playbook::bad_name_message(t[2].value)};
    auto found = playbook::find_procedure(*context.db, request.channel_id, *name);
    if (!found) return Error{found.error()};
    out.procedure = std::move(*found);
    t.erase(t.begin() + 1, t.begin() + 3);
    return out;
}

// The announcement, with the link to the procedure when one was named.
Reply linked_reply(Context& context, const storage::OutlierRecord& outlier,
                   const std::optional<storage::Procedure>& procedure, std::string announcement) {
    if (procedure) announcement += link_to_procedure(*context.db, outlier, *procedure);
    return channel_reply(std::move(announcement));
}

Reply ack(const Request& request, const Args& all_args, Context& context) {
    if (context.db == nullptr) return no_database(all_args);
    const auto taken = take_procedure(request, all_args, context);
    if (!taken) return usage_error(all_args, taken.error());
    const Args& args = taken->args;
    const auto& t = args.tokens;
    if (t.size() < 5 || t[0].kind != TokenKind::word || !is_word(t[1], "owner") ||
        t[2].kind != TokenKind::user || !is_word(t[3], "cause")) {
        return usage_error(args, "Give the outlier id, its owner as a mention and the cause.");
    }
    const auto outlier = find_outlier(*context.db, request.channel_id, t[0].value);
    if (!outlier) return usage_error(args, outlier.error());
    // The cause is everything after the `cause` word, as typed (unescaped for storage).
    const std::string cause =
        trim(unescape_slack(request.text.substr(std::min(t[3].end, request.text.size()))));
    if (cause.empty()) return usage_error(args, "Say what the cause is after `cause`.");
    const auto announcement = open_investigation(
        *context.db, *outlier, {request.user_id, t[2].value, cause}, now_ms(context.clock));
    if (!announcement) return usage_error(args, announcement.error());
    return linked_reply(context, *outlier, taken->procedure, *announcement);
}

// Every outlier of one date (default yesterday) or of the dates FROM to TO: what the digest's
// "…and N more" points at.
Reply list(const Request& request, const Args& args, Context& context) {
    if (context.db == nullptr) return no_database(args);
    const date::time_zone* zone = zone_of(context, request);
    std::vector<std::chrono::year_month_day> dates;
    for (const Token& token : args.tokens) {
        const auto date = parse_date(token.value);
        if (!date) return usage_error(args, date.error());
        dates.push_back(*date);
    }
    if (dates.size() > 2) return usage_error(args, "Give one date, or the first and the last.");
    if (dates.empty()) dates.push_back(yesterday(context, zone));
    const auto from = dates.front();
    const auto to = dates.back();
    const auto span = (std::chrono::sys_days{to} - std::chrono::sys_days{from}).count() + 1;
    if (span < 1 || span > kMaxDigestDays) {
        return usage_error(
            args, "List 1 to " + std::to_string(kMaxDigestDays) + " dates, the earlier first.");
    }
    const Digest digest = build_digest_range(*context.db, request.channel_id, from, to, zone);
    return ephemeral_reply(digest_to_text(digest, digest.outliers.size()));
}

Reply assign(const Request& request, const Args& all_args, Context& context) {
    if (context.db == nullptr) return no_database(all_args);
    const auto taken = take_procedure(request, all_args, context);
    if (!taken) return usage_error(all_args, taken.error());
    const Args& args = taken->args;
    const auto& t = args.tokens;
    if (t.size() != 2 || t[0].kind != TokenKind::word || t[1].kind != TokenKind::user) {
        return usage_error(args, "Give the outlier id and its owner as a mention.");
    }
    const auto outlier = find_outlier(*context.db, request.channel_id, t[0].value);
    if (!outlier) return usage_error(args, outlier.error());
    Assignment assigned = assign_investigation(
        *context.db, *outlier, {request.user_id, t[1].value, ""}, now_ms(context.clock));
    Reply reply =
        linked_reply(context, *outlier, taken->procedure, std::move(assigned.announcement));
    reply.effects.posts.push_back(std::move(assigned.direct));
    return reply;
}

// The text after the first token, as typed (unescaped for storage), trimmed.
std::string rest_after_first(const Request& request, const Args& args) {
    return trim(
        unescape_slack(request.text.substr(std::min(args.tokens[0].end, request.text.size()))));
}

Reply cause(const Request& request, const Args& all_args, Context& context) {
    if (context.db == nullptr) return no_database(all_args);
    const auto taken = take_procedure(request, all_args, context);
    if (!taken) return usage_error(all_args, taken.error());
    const Args& args = taken->args;
    if (args.tokens.size() < 2 || args.tokens[0].kind != TokenKind::word) {
        return usage_error(args, "Give the outlier id and the root cause.");
    }
    const auto outlier = find_outlier(*context.db, request.channel_id, args.tokens[0].value);
    if (!outlier) return usage_error(args, outlier.error());
    // From the cause's first word: `procedure NAME` may stand between it and the id.
    const std::string text =
        trim(unescape_slack(request.text.substr(std::min(args.tokens[1].begin, request.text.size()))));
    const auto announcement =
        record_cause(*context.db, *outlier, request.user_id, text, now_ms(context.clock));
    if (!announcement) return usage_error(args, announcement.error());
    return linked_reply(context, *outlier, taken->procedure, *announcement);
}

Reply close(const Request& request, const Args& args, Context& context) {
    if (context.db == nullptr) return no_database(args);
    if (args.tokens.empty() || args.tokens[0].kind != TokenKind::word) {
        return usage_error(args, "Give the id of the outlier whose investigation is done.");
    }
    const std::string id = to_lower(args.tokens[0].value);
    const std::string trimmed = rest_after_first(request, args);
    storage::Investigations investigations(*context.db);
    // Closing an investigation that has no cause yet records the note as its cause.
    const auto open = investigations.find(request.channel_id, id);
    if (open && !open->closed_at && open->cause.empty() && !trimmed.empty()) {
        investigations.record_cause(request.channel_id, id, trimmed, now_ms(context.clock));
    }
    if (!investigations.close(request.channel_id, id, trimmed, now_ms(context.clock))) {
        return usage_error(args, "There is no open investigation of `" +
                                     escape_mrkdwn(args.tokens[0].value) + "` in this channel.");
    }
    return channel_reply("<@" + request.user_id + "> closed the investigation of `" + id + "`" +
                         (trimmed.empty() ? "" : ": " + escape_mrkdwn(trimmed)) +
                         ". Its segment and metric can be flagged again.");
}

Reply import_help(const Request&, const Args&, Context&) {
    return ephemeral_reply(std::string(
        "*Importing tickets* (admins)\n"
        "• Upload a CSV to this channel with the message `@ritualbot import`, or use the message "
        "shortcut *Import tickets* on a message that carries one. The answer comes in the "
        "thread: how many tickets, their dates, how often each field is filled, and the "
        "rejected lines.\n"
        "• Helpdesk exports are recognised by their header: ").append(describe_presets()).append(
        ". Name one if needed: `@ritualbot import zendesk`.\n"
        "• Other files: say which column is which, with the bot's field names on the left: "
        "`@ritualbot import map id=Ticket,created_at=Opened at,first_response_at=First reply`.\n"
        "• At most ").append(kMaxUploadText).append(
        " per file; on the server, `ritualbot import --channel C --file tickets.csv` takes any "
        "size."));
}

Reply trend(const Request& request, const Args& args, Context& context) {
    if (context.db == nullptr) return no_database(args);
    if (args.tokens.empty() || args.tokens.size() > 2 || args.tokens[0].kind != TokenKind::word) {
        return usage_error(args, "Name one metric, e.g. `reopen_rate`, and optionally weeks.");
    }
    int weeks = kDefaultTrendWeeks;
    if (args.tokens.size() == 2) {
        const auto parsed = parse_int(args.tokens[1].value, 1, kMaxTrendWeeks);
        if (!parsed) return usage_error(args, parsed.error());
        weeks = *parsed;
    }
    const date::time_zone* zone = zone_of(context, request);
    auto text = trend_text(*context.db, request.channel_id, to_lower(args.tokens[0].value), weeks,
                           yesterday(context, zone), zone);
    if (!text) return usage_error(args, text.error());
    Reply reply = ephemeral_reply(*text);
    reply.blocks = render::trend_blocks(*text, outliers::share_chart_value(to_lower(args.tokens[0].value), weeks));
    return reply;
}

// The quarterly review of the last complete quarter: privately, or posted with `now`.
Reply quarter(const Request& request, const Args& args, Context& context) {
    if (context.db == nullptr) return no_database(args);
    const bool post = args.tokens.size() == 1 && is_word(args.tokens[0], "now");
    if (!args.tokens.empty() && !post) {
        return usage_error(args, "Say `now` to post the review in the channel, or nothing.");
    }
    const date::time_zone* zone = zone_of(context, request);
    const QuarterlyReview review = build_quarterly_review(
        *context.db, request.channel_id, quarter_of(local_today(context, zone)).previous(), zone);
    Reply reply = post ? channel_reply(render::quarterly_review_fallback(review))
                       : ephemeral_reply(render::quarterly_review_fallback(review));
    reply.blocks = render::quarterly_review_blocks(review);
    if (!post) {
        reply.blocks.push_back(render::context(render::mrkdwn(
            "Posted in the channel " + quarter_time_text(*context.db, request.channel_id) +
            " (`/ritual config set review.quarter DAY HH:MM`); `/outliers quarter now` posts it "
            "now.")));
    }
    return reply;
}

Reply outliers_config(const Request& request, const Args& args, Context& context) {
    return ritual_config_shortcut(request, args, context, "digest");
}

}  // namespace

Command make_outliers_command() {
    return Command{
        .name = std::string(kOutliersCommand),
        .summary = "What was unusual in the crew's tickets, and who is looking into it",
        .subcommands =
            {
                {"show", "show [yesterday|today|DATE] [request_type]",
                 "The digest for a day (default yesterday); `show` may be left out", show, true},
                {"list", "list [DATE [DATE]]",
                 "Every outlier of a date or dates, not only the top 10", list, true, true},
                {"assign", "assign ID [procedure NAME] @u",
                 "Name who investigates an outlier (and the playbook procedure it concerns)",
                 assign},
                {"cause", "cause ID [procedure NAME] TEXT",
                 "Record the root cause once it is found", cause},
                {"ack", "ack ID [procedure NAME] owner @u cause TEXT",
                 "Record the owner and root cause of an outlier in one step", ack},
                {"close", "close ID [note]",
                 "Close an investigation (the note is its cause if none was recorded)", close},
                {"causes", "causes [week|month|all]", "Root causes recorded, most frequent first",
                 outliers_causes, true},
                {"trend", "trend METRIC [weeks]",
                 "One metric week by week, by request type (low_csat_rate also by contact path). "
                 "Metrics: first_response, resolution, escalation_lag (durations); reopen_rate, "
                 "escalation_rate, recontact_rate, checklist_skipped_rate, manual_retries_rate, "
                 "low_csat_rate, deflection_recontact_rate, repeat_info_rate, "
                 "policy_exception_rate (daily rates). A button under the answer shares the "
                 "trend picture in the channel",
                 trend, true, true},
                {"quarter", "quarter [now]",
                 "The last quarter against the one before: each indicator, the crew's metric "
                 "first, with the procedure changes and improvements done in between (only you "
                 "see it; `now` posts it in the channel)",
                 quarter, true, true},
                {"import", "import",
                 "How to bring tickets in: a CSV uploaded with `@ritualbot import`", import_help,
                 true},
                {"source",
                 "source add zendesk|freshdesk URL [DAYS] | list | remove KIND | sync | "
                 "set KIND request_type field:ID|tag-prefix:PREFIX|none | "
                 "set KIND spacing MS|default",
                 "Where the crew's tickets come from: Zendesk or Freshdesk, polled (admins; "
                 "the API credentials are set on the server)",
                 outliers_source},
                {"config",
                 "config [time HH:MM|default | flag repeat_info|policy_exception TAG|clear | "
                 "selfservice PATH|clear]",
                 "When the digest is posted (default: 15 min after the captain change-over); the "
                 "ticket tag that marks repeat information or a policy exception, and the contact "
                 "path that counts as self-service, where the data has no such column (same as "
                 "`/ritual config set digest.time|digest.flag|digest.selfservice`)",
                 outliers_config},
            },
        .default_subcommand = "show",
        .default_takes_unknown_words = true,
    };
}

}  // namespace ritualbot::commands
