#include "commands/crew_placement.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "commands/render/crew_choice_blocks.hpp"
#include "commands/replies.hpp"
#include "commands/tokenizer.hpp"
#include "storage/captain_roster.hpp"
#include "storage/channel_pauses.hpp"
#include "storage/last_channels.hpp"

namespace ritualbot::commands {
namespace {

// Slack caps a button's value at 2000 characters.
constexpr std::size_t kMaxButtonValue = 2000;
// A message holds at most 50 blocks; nobody is in more crews than this.
constexpr std::size_t kMaxCrewChoices = 20;

std::string pick_value(const Request& request, const std::string& channel) {
    return nlohmann::json{
        {"channel", channel}, {"command", request.command}, {"text", request.text}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Reply no_crew_known() {
    return ephemeral_reply(
        "I don't know your crew yet, so I can't tell which channel this is for. Use the command "
        "(or mention me) once in your crew's channel, or ask to be added to its captain roster: "
        "then commands typed here act on that crew.");
}

Reply ask_which_crew(const Request& request, const std::vector<std::string>& crews) {
    std::vector<render::CrewChoice> choices;
    for (const std::string& crew : crews) {
        if (choices.size() == kMaxCrewChoices) break;
        std::string value = pick_value(request, crew);
        if (value.size() > kMaxButtonValue) {
            return ephemeral_reply(
                "You are in several crews and that command is too long to carry over to a "
                "button: type it in your crew's channel instead.");
        }
        choices.push_back({crew, std::move(value)});
    }
    const std::string question = std::string("Which crew is `")
                                     .append(escape_mrkdwn(request.command))
                                     .append(request.text.empty() ? "" : " ")
                                     .append(request.text)  // as Slack sent it: escaped
                                     .append("` for?");
    Reply reply = ephemeral_reply(question);
    reply.blocks = render::crew_choice_blocks(question, choices);
    return reply;
}

}  // namespace

bool is_direct_message(std::string_view channel) {
    return channel.starts_with('D');
}

std::vector<std::string> crews_of(storage::Database& db, const std::string& user) {
    std::vector<std::string> crews;
    if (auto last = storage::LastChannels(db).find(user)) crews.push_back(std::move(*last));
    for (std::string& channel : storage::CaptainRoster(db).channels_listing(user)) {
        if (std::find(crews.begin(), crews.end(), channel) == crews.end())
            crews.push_back(std::move(channel));
    }
    storage::ChannelPauses pauses(db);
    std::erase_if(crews,
                  [&](const std::string& channel) { return pauses.find(channel).has_value(); });
    return crews;
}

namespace {

// A channel a crew works in: a DM is never one.
bool typed_in_channel(const Request& request) {
    return !request.channel_id.empty() && !is_direct_message(request.channel_id);
}

}  // namespace

void remember_channel(storage::Database& db, const Request& request, const Clock& clock) {
    if (!typed_in_channel(request)) return;
    storage::LastChannels(db).record(request.user_id, request.channel_id, now_ms(clock));
}

bool channel_to_remember(storage::Database& db, const Request& request) {
    return typed_in_channel(request) &&
           storage::LastChannels(db).find(request.user_id) != request.channel_id;
}

std::optional<Reply> place_in_crew(Request& request, const Resolution& resolution,
                                   storage::Database& db) {
    if (!is_direct_message(request.channel_id) || !resolution.needs_crew()) return std::nullopt;
    const std::vector<std::string> crews = crews_of(db, request.user_id);
    if (crews.empty()) return no_crew_known();
    if (crews.size() > 1) return ask_which_crew(request, crews);
    request.channel_id = crews.front();
    return std::nullopt;
}

Reply reply_from_dm(Reply reply, const std::string& crew) {
    if (reply.visibility != Visibility::in_channel) return reply;
    reply.effects.posts.insert(reply.effects.posts.begin(),
                               Post{crew, reply.text, {}, reply.blocks});
    reply.visibility = Visibility::ephemeral;
    reply.text = std::string("Posted in <#").append(crew).append(">: ").append(reply.text);
    return reply;
}

std::optional<Request> crew_pick_request(std::string_view value, std::string user, std::string team,
                                         std::string trigger_id) {
    const nlohmann::json picked = nlohmann::json::parse(value, nullptr, false);
    if (!picked.is_object()) return std::nullopt;
    const auto field = [&](const char* key) {
        const auto it = picked.find(key);
        return it != picked.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    Request request{field("command"), field("text"),   field("channel"),
                    std::move(user),  std::move(team), std::move(trigger_id)};
    if (request.command.empty() || request.channel_id.empty() ||
        is_direct_message(request.channel_id))
        return std::nullopt;
    return request;
}

}  // namespace ritualbot::commands
