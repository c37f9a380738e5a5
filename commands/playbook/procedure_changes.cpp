// The /playbook subcommands that change the registry: add, rename, retire, owner, link,
// segment and changed. Anyone may add a procedure (and owns it until someone else is named);
// its owner or a channel admin may change it.

#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/clock.hpp"
#include "commands/playbook/playbook_handlers.hpp"
#include "commands/playbook/procedure_names.hpp"
#include "commands/playbook/segments.hpp"
#include "commands/render/user_text.hpp"
#include "commands/replies.hpp"
#include "commands/suggestions/ballot.hpp"
#include "storage/suggestions.hpp"

namespace ritualbot::commands::playbook {
namespace {

constexpr std::size_t kMaxPurposeChars = 200;
constexpr std::size_t kMaxChangeChars = 500;
constexpr std::size_t kMaxLinkLength = 3000;  // what a Slack button or link may hold

bool is_dash(const Token& token) {
    return token.kind == TokenKind::word &&
           (token.value == "—" || token.value == "–" || token.value == "-" || token.value == "--");
}

// A document link: Slack's <https://…> form, or a bare http(s) word.
std::optional<std::string> link_of(const Token& token) {
    const bool is_link = token.kind == TokenKind::link ||
                         (token.kind == TokenKind::word && (token.value.starts_with("https://") ||
                                                            token.value.starts_with("http://")));
    if (!is_link || token.value.size() > kMaxLinkLength) return std::nullopt;
    if (!token.value.starts_with("https://") && !token.value.starts_with("http://")) {
        return std::nullopt;
    }
    // It goes back out as <URL|label>: these would end the link early.
    if (token.value.find_first_of("<>| \t\n") != std::string::npos) return std::nullopt;
    return token.value;
}

std::string code(std::string_view name) {
    return std::string("`").append(escape_mrkdwn(name)).append("`");
}

std::string too_long(std::string_view what, std::size_t chars, std::size_t max) {
    return std::string("That ").append(what).append(" is ").append(std::to_string(chars))
        .append(" characters; keep it under ").append(std::to_string(max)).append(".");
}

}  // namespace

std::string text_after(const Request& request, const Args& args, std::size_t skip) {
    if (args.tokens.size() <= skip) return {};
    const std::size_t from = std::min(args.tokens[skip - 1].end, request.text.size());
    return trim(std::string_view(request.text).substr(from));
}

Reply no_database() { return ephemeral_reply("The playbook needs the database."); }

void record_event(storage::Database& db, const Request& request,
                  const storage::Procedure& procedure, const std::string& kind,
                  const std::string& detail, const Clock& clock) {
    const auto zone = load_channel_config(db, request.channel_id).zone;
    storage::Procedures(db).record({procedure.id, request.channel_id, kind, detail,
                                    request.user_id,
                                    format_date(local_date_of(zone, now_seconds(clock))),
                                    now_ms(clock)});
    audit(db, request, "playbook." + kind, procedure.name + ": " + detail, now_ms(clock));
}

Result<storage::Procedure> named_procedure(storage::Database& db, const Request& request,
                                           const Args& args) {
    if (args.tokens.empty()) return Error{"Name the procedure first."};
    const auto name = name_of(args.tokens.front());
    if (!name) return Error{bad_name_message(args.tokens.front().value)};
    return find_procedure(db, request.channel_id, *name);
}

Reply change_procedure(const Request& request, const Args& args, Context& context,
                       std::string_view what, const ChangeFn& change) {
    if (context.db == nullptr) return no_database();
    storage::Database& db = *context.db;
    storage::Transaction tx(db);
    const auto procedure = named_procedure(db, request, args);
    if (!procedure) return usage_error(args, procedure.error());
    if (procedure->owner != request.user_id) {
        const std::string action = std::string(what).append(" (its owner ")
                                       .append(procedure->owner.empty() ? "could, once named"
                                                                        : mention(procedure->owner))
                                       .append(" can too)");
        if (auto refused = require_admin(context, request, action)) {
            return ephemeral_reply(*refused);
        }
    }
    const auto edit = change(db, *procedure, args);
    if (!edit) return usage_error(args, edit.error());
    record_event(db, request, *procedure, edit->kind, edit->detail, context.clock);
    tx.commit();
    return channel_reply(edit->announcement);
}

Reply add(const Request& request, const Args& args, Context& context) {
    const auto& t = args.tokens;
    if (t.empty()) return usage_error(args, "Name the procedure, e.g. `/playbook add refunds`.");
    const auto name = name_of(t[0]);
    if (!name) return usage_error(args, bad_name_message(t[0].value));
    storage::Procedure procedure;
    std::size_t next = 1;
    if (next < t.size()) {
        if (const auto url = link_of(t[next])) {
            procedure.link = *url;
            ++next;
        }
    }
    if (next < t.size() && is_dash(t[next])) ++next;
    if (next < t.size()) procedure.purpose = text_after(request, args, next);
    if (const auto chars = suggestions::utf8_length(unescape_slack(procedure.purpose)); chars > kMaxPurposeChars) {
        return usage_error(args, too_long("purpose", chars, kMaxPurposeChars));
    }
    if (context.db == nullptr) return no_database();
    storage::Database& db = *context.db;
    storage::Transaction tx(db);
    storage::Procedures procedures(db);
    if (const auto existing = procedures.find_active(request.channel_id, to_lower(*name))) {
        return usage_error(args, std::string("There is already a procedure ")
                                     .append(code(existing->name))
                                     .append(" in this channel's playbook: `/playbook show ")
                                     .append(escape_mrkdwn(existing->name))
                                     .append("`."));
    }
    procedure.channel = request.channel_id;
    procedure.name = *name;
    procedure.name_key = to_lower(*name);
    procedure.owner = request.user_id;
    procedure.created_by = request.user_id;
    procedure.created_at = now_ms(context.clock);
    procedure.id = procedures.add(procedure);
    const int linked =
        storage::Suggestions(db).link_procedure(request.channel_id, procedure.name_key, procedure.id);
    record_event(db, request, procedure, "added", "added", context.clock);
    tx.commit();

    std::string text = mention(request.user_id) + " added " + code(procedure.name) +
                       " to the playbook, owned by " + mention(request.user_id);
    if (!procedure.purpose.empty()) text.append(" — ").append(render::repost_text(procedure.purpose));
    if (!procedure.link.empty()) text += " (<" + procedure.link + "|document>)";
    text += ".";
    if (linked > 0) {
        text.append(" Linked ").append(std::to_string(linked)).append(" earlier suggestion");
        text.append(linked == 1 ? "" : "s").append(" tagged `#" + procedure.name_key + "`.");
    }
    text.append(" `/playbook segment ")
        .append(escape_mrkdwn(procedure.name))
        .append(" request_type=…` names the tickets it governs, for its indicators.");
    return channel_reply(std::move(text));
}

Reply rename(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 2) return usage_error(args, "Give the old name and the new one.");
    return change_procedure(
        request, args, context, "rename it",
        [&](storage::Database& db, const storage::Procedure& p, const Args& a) -> Result<Edit> {
            const auto new_name = name_of(a.tokens[1]);
            if (!new_name) return Error{bad_name_message(a.tokens[1].value)};
            const std::string key = to_lower(*new_name);
            storage::Procedures procedures(db);
            const auto taken = procedures.find_active(request.channel_id, key);
            if (taken && taken->id != p.id) {
                return Error{std::string("There is already a procedure ") + code(taken->name) +
                             "."};
            }
            procedures.rename(p.id, *new_name, key);
            return Edit{"renamed",
                        std::string("renamed from ") + code(p.name) + " to " + code(*new_name),
                        mention(request.user_id) + " renamed the procedure " + code(p.name) +
                            " to " + code(*new_name) + "; what linked to it still does."};
        });
}

Reply retire(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 1) return usage_error(args, "Name one procedure.");
    return change_procedure(
        request, args, context, "retire it",
        [&](storage::Database& db, const storage::Procedure& p, const Args&) -> Result<Edit> {
            storage::Procedures(db).retire(p.id, now_ms(context.clock));
            return Edit{"retired", "retired",
                        mention(request.user_id) + " retired the procedure " + code(p.name) +
                            ". Its history stays; the name is free for a new one."};
        });
}

Reply owner(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 2 || args.tokens[1].kind != TokenKind::user) {
        return usage_error(args, "Give the procedure and its new owner as a mention.");
    }
    return change_procedure(
        request, args, context, "change its owner",
        [&](storage::Database& db, const storage::Procedure& p, const Args& a) -> Result<Edit> {
            const std::string& user = a.tokens[1].value;
            storage::Procedures(db).set_owner(p.id, user);
            return Edit{"owner", std::string("owner ") + mention(user),
                        mention(user) + " now owns the procedure " + code(p.name) + "."};
        });
}

Reply link(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 2) return usage_error(args, "Give the procedure and one URL.");
    return change_procedure(
        request, args, context, "change its link",
        [&](storage::Database& db, const storage::Procedure& p, const Args& a) -> Result<Edit> {
            const auto url = link_of(a.tokens[1]);
            if (!url) {
                return Error{std::string("\"") + to_mrkdwn(a.tokens[1]) +
                             "\" is not a link; give the document's http(s) address."};
            }
            storage::Procedures(db).set_link(p.id, *url);
            return Edit{"link", "link <" + *url + ">",
                        std::string("The procedure ") + code(p.name) + " now links to <" + *url +
                            ">."};
        });
}

Reply segment(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 2 || args.tokens[1].kind != TokenKind::word) {
        return usage_error(args, "Give the procedure and one segment, e.g. `request_type=billing`.");
    }
    return change_procedure(
        request, args, context, "change its segment",
        [&](storage::Database& db, const storage::Procedure& p, const Args& a) -> Result<Edit> {
            const auto parsed = parse_segment(a.tokens[1].value);
            if (!parsed) return Error{parsed.error()};
            storage::Procedures(db).set_segment(p.id, parsed->dimension, parsed->value);
            const std::string label = describe(*parsed);
            return Edit{"segment", "segment " + label,
                        std::string("The procedure ") + code(p.name) + " governs " + label +
                            ": `/playbook show " + escape_mrkdwn(p.name) +
                            "` shows its indicators."};
        });
}

Reply changed(const Request& request, const Args& args, Context& context) {
    const std::string what = text_after(request, args, 1);
    if (args.tokens.size() < 2 || what.empty()) {
        return usage_error(args, "Give the procedure, then what changed in it.");
    }
    if (const auto chars = suggestions::utf8_length(unescape_slack(what)); chars > kMaxChangeChars) {
        return usage_error(args, too_long("note", chars, kMaxChangeChars) +
                                     " Link to the document for more.");
    }
    return change_procedure(
        request, args, context, "record a change to it",
        [&](storage::Database& db, const storage::Procedure& p, const Args&) -> Result<Edit> {
            storage::Procedures(db).set_update_wanted(p.id, std::nullopt, {});  // done
            const std::string shown = render::repost_text(what);
            return Edit{"changed", shown,
                        mention(request.user_id) + " changed the procedure " + code(p.name) +
                            ": " + shown +
                            ". Recorded with today's date, so its indicators can be watched "
                            "from here."};
        });
}

}  // namespace ritualbot::commands::playbook
