#include "commands/ritual/me_command.hpp"

#include "commands/channel/audit.hpp"
#include "commands/clock.hpp"
#include "commands/replies.hpp"
#include "storage/incidents.hpp"

namespace ritualbot::commands {

Reply me_command(const Request& request, const Args& args, Context& context) {
    const auto& t = args.tokens;
    if (context.db == nullptr) return ephemeral_reply("Your preferences need the database.");
    storage::MemberPreferences preferences(*context.db);
    if (t.size() == 1 && t[0].kind == TokenKind::word && to_lower(t[0].value) == "thanks") {
        return ephemeral_reply(preferences.thanks(request.user_id)
                                   ? "The bot thanks you by name when you contribute. "
                                     "`/ritual me thanks off` stops that."
                                   : "The bot does not thank you by name. `/ritual me thanks on` "
                                     "brings it back.");
    }
    const std::string value = t.size() == 2 ? to_lower(t[1].value) : std::string();
    if (t.size() != 2 || to_lower(t[0].value) != "thanks" || (value != "on" && value != "off")) {
        return usage_error(args, "Say `thanks on` or `thanks off`.");
    }
    const bool on = value == "on";
    storage::Transaction tx(*context.db);
    preferences.set_thanks(request.user_id, on, now_ms(context.clock));
    audit(*context.db, request, "ritual.me", on ? "thanks on" : "thanks off",
          now_ms(context.clock));
    tx.commit();
    return ephemeral_reply(on ? "Noted: the bot will thank you by name again when you contribute."
                              : "Noted: the bot will not name you in its thanks (incident reviews "
                                "included). `/ritual me thanks on` brings it back.");
}

}  // namespace ritualbot::commands
