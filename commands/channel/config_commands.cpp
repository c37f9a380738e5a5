#include "commands/channel/config_commands.hpp"

#include "commands/captain/captain_plan.hpp"
#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/channel/channel_config.hpp"
#include "commands/channel/setting_keys.hpp"
#include "commands/clock.hpp"
#include "commands/replies.hpp"
#include "commands/schedule/rule_change.hpp"
#include "storage/admins.hpp"
#include "storage/channel_pauses.hpp"
#include "storage/setting_changes.hpp"

namespace ritualbot::commands {
namespace {

constexpr std::string_view kNoDatabase = "Settings need the database.";

// "2026-11-27 10:00" in the channel's zone.
std::string local_moment(const date::time_zone* zone, std::int64_t unix_ms) {
    const auto local = zone->to_local(from_unix_ms(unix_ms));
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const auto minutes = std::chrono::floor<std::chrono::minutes>(local - day);
    return format_date(LocalDate{day.time_since_epoch()}) + " " + format_time_of_day(minutes);
}

std::string key_list(std::string_view ritual) {
    std::string out;
    for (const SettingKey& key : setting_keys()) {
        if (!ritual.empty() && key.ritual() != ritual && !key.ritual().empty()) continue;
        out.append(out.empty() ? "`" : ", `").append(key.name).append("`");
    }
    return out;
}

// One line per key of `ritual` (every key when empty): its value, and who changed it when or
// that it is the default, then what it does.
std::string settings_lines(storage::Database& db, const std::string& channel,
                           std::string_view ritual) {
    const auto changes = storage::SettingChanges(db).of_channel(channel);
    const date::time_zone* zone = load_channel_config(db, channel).zone;
    std::string text;
    for (const SettingKey& key : setting_keys()) {
        if (!ritual.empty() && key.ritual() != ritual) continue;
        const auto change = changes.find(key.name);
        const std::string who = change == changes.end()
                                    ? std::string("default")
                                    : std::string("set by ")
                                          .append(mention(change->second.changed_by))
                                          .append(" ")
                                          .append(local_moment(zone, change->second.changed_at));
        text.append("\n• `").append(key.name).append("` ").append(key.read(db, channel));
        text.append(" _(").append(who).append(")_ — ").append(key.help);
        text.append(": ").append(key.values);
    }
    return text;
}

Reply show_all(const Request& request, Context& context) {
    storage::Database& db = *context.db;
    std::string text = "*Settings for this channel*";
    text += settings_lines(db, request.channel_id, {});
    text.append("\n").append(admins_overview(context, request.channel_id));
    text += "\nChange one with `/ritual config set KEY VALUE` (admins).";
    if (const auto pause = storage::ChannelPauses(db).find(request.channel_id)) {
        text.append("\n*This channel has left the rituals* (")
            .append(escape_mrkdwn(pause->reason))
            .append("): nothing is posted here until an admin runs `/ritual join`.");
    }
    return ephemeral_reply(std::move(text));
}

// Validates the value first, so bad input changes nothing and needs no admin.
Reply set_setting(const Request& request, const Args& args, Context& context, const SettingKey& key,
                  const std::vector<Token>& value) {
    const auto parsed = key.parse(value);
    if (!parsed) return usage_error(args, parsed.error());
    if (context.db == nullptr) return ephemeral_reply(std::string(kNoDatabase));
    storage::Database& db = *context.db;
    const std::string& channel = request.channel_id;
    const std::int64_t now = now_ms(context.clock);
    storage::Transaction tx(db);
    if (auto refused = require_admin(context, request, "change the channel's settings")) {
        return ephemeral_reply(*refused);
    }
    std::string note;
    if (key.authorize) {
        auto allowed = key.authorize(context, request, value);
        if (!allowed) return ephemeral_reply(allowed.error());
        note = std::move(*allowed);
    }
    if (key.shapes_rotation) CaptainPlan::settle(db, channel, now_seconds(context.clock));
    RuleChange rule_change(context, channel);
    parsed->write(db, channel, now);
    rule_change.settle();
    storage::SettingChanges(db).record(channel, key.name, request.user_id, now);
    audit(db, request, "config." + key.name, parsed->shown, now);
    tx.commit();
    return channel_reply(mention(request.user_id) + " set `" + key.name + "` to " + parsed->shown +
                         "." + note);
}

Reply unknown_key(const Args& args, const Token& token, std::string_view ritual) {
    return usage_error(args, std::string("\"")
                                 .append(to_mrkdwn(token))
                                 .append("\" is not a setting. Settings: ")
                                 .append(key_list(ritual))
                                 .append("."));
}

}  // namespace

Reply ritual_config(const Request& request, const Args& args, Context& context) {
    const std::string verb = args.tokens.empty() || args.tokens[0].kind != TokenKind::word
                                 ? std::string()
                                 : to_lower(args.tokens[0].value);
    if (verb == "show" && args.tokens.size() == 1) {
        if (context.db == nullptr) return ephemeral_reply(std::string(kNoDatabase));
        return show_all(request, context);
    }
    if (verb == "set" && args.tokens.size() >= 2) {
        const SettingKey* key = args.tokens[1].kind == TokenKind::word
                                    ? find_setting_key(args.tokens[1].value)
                                    : nullptr;
        if (key == nullptr) return unknown_key(args, args.tokens[1], {});
        return set_setting(request, args, context, *key,
                           std::vector<Token>(args.tokens.begin() + 2, args.tokens.end()));
    }
    if (verb == "metric") {
        return set_setting(request, args, context, *find_setting_key("metric"),
                           std::vector<Token>(args.tokens.begin() + 1, args.tokens.end()));
    }
    return usage_error(args, std::string("Say `show`, `set KEY VALUE` or `metric METRIC`. ")
                                 .append("Settings: ")
                                 .append(key_list({}))
                                 .append("."));
}

Reply ritual_config_shortcut(const Request& request, const Args& args, Context& context,
                             std::string_view ritual) {
    if (args.tokens.empty()) {
        if (context.db == nullptr) return ephemeral_reply(std::string(kNoDatabase));
        std::string text = "*Settings of " + args.command->name + "*" +
                           settings_lines(*context.db, request.channel_id, ritual);
        text.append("\nTimes are in the channel's zone (`tz`: ")
            .append(load_channel_config(*context.db, request.channel_id).zone->name())
            .append("). Change one with ")
            .append(format_usage(*args.command, *args.subcommand))
            .append(" (admins).");
        return ephemeral_reply(std::move(text));
    }
    const Token& name = args.tokens[0];
    const SettingKey* key = nullptr;
    if (name.kind == TokenKind::word && name.value.find('.') == std::string::npos) {
        key = find_setting_key(std::string(ritual).append(".").append(name.value));
        if (key == nullptr) key = find_setting_key(name.value);
    }
    if (key == nullptr) return unknown_key(args, name, ritual);
    return set_setting(request, args, context, *key,
                       std::vector<Token>(args.tokens.begin() + 1, args.tokens.end()));
}

}  // namespace ritualbot::commands
