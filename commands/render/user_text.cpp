#include "commands/render/user_text.hpp"

#include <array>

namespace ritualbot::commands::render {
namespace {

constexpr std::array<std::string_view, 3> kEntities = {"&amp;", "&lt;", "&gt;"};
constexpr std::array<std::string_view, 3> kBroadcasts = {"!channel", "!here", "!everyone"};

// "<!subteam^S0CREW|@crew>" -> "@crew"; "<!here>" -> "@here"; "<@U0ANA|ana>" -> "@ana".
std::string as_plain_mention(std::string_view inner) {
    const auto bar = inner.find('|');
    if (bar != std::string_view::npos) {
        std::string_view label = inner.substr(bar + 1);
        if (label.starts_with('@')) label.remove_prefix(1);
        return '@' + std::string(label);
    }
    std::string_view name = inner.substr(1);  // without '!' or '@'
    if (const auto caret = name.find('^'); caret != std::string_view::npos)
        name = name.substr(caret + 1);  // subteam^S0CREW -> S0CREW
    return '@' + std::string(name);
}

bool is_group_mention(std::string_view inner) {
    const std::string_view name = inner.substr(0, inner.find('|'));
    for (const std::string_view broadcast : kBroadcasts)
        if (name == broadcast) return true;
    return name.starts_with("!subteam^");
}

// What Slack itself puts in angle brackets: a mention, a channel, a special command or a link.
// Anything else ("<3 a>") is text, escaped.
bool is_control_sequence(std::string_view inner) {
    const std::string_view target = inner.substr(0, inner.find('|'));
    if (target.empty() || target.find_first_of(" \t\n") != std::string_view::npos) return false;
    return target.starts_with('@') || target.starts_with('#') || target.starts_with('!') ||
           target.find("://") != std::string_view::npos || target.starts_with("mailto:");
}

}  // namespace

std::string repost_text(std::string_view slack_text, UserMentions users) {
    std::string out;
    out.reserve(slack_text.size());
    for (std::size_t i = 0; i < slack_text.size(); ++i) {
        const char c = slack_text[i];
        const std::string_view rest = slack_text.substr(i);
        if (c == '&') {
            bool entity = false;
            for (const std::string_view known : kEntities) entity = entity || rest.starts_with(known);
            out += entity ? "&" : "&amp;";
        } else if (c == '>') {
            out += "&gt;";
        } else if (c == '<') {
            const auto close = rest.find_first_of("<>", 1);
            if (close == std::string_view::npos || rest[close] == '<' ||
                !is_control_sequence(rest.substr(1, close - 1))) {
                out += "&lt;";
                continue;
            }
            const std::string_view inner = rest.substr(1, close - 1);
            if (is_group_mention(inner) || (users == UserMentions::as_text && inner.starts_with('@'))) {
                out += as_plain_mention(inner);
            } else {
                out += rest.substr(0, close + 1);  // a link, channel or kept mention
            }
            i += close;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace ritualbot::commands::render
