#include "emulator/workspace.hpp"

#include "config/manifest.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace ritualbot::emulator {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The entries of one list under the app manifest's "features" that are objects.
std::vector<nlohmann::json> manifest_features(const char* list) {
    std::vector<nlohmann::json> out;
    const auto manifest = nlohmann::json::parse(config::manifest_json(), nullptr, false);
    if (manifest.is_discarded()) return out;
    const auto features = manifest.find("features");
    if (features == manifest.end() || !features->contains(list)) return out;
    for (const auto& entry : (*features)[list]) {
        if (entry.is_object()) out.push_back(entry);
    }
    return out;
}

// The app's slash commands as declared to Slack: the sandbox accepts exactly those, so a
// command missing from the manifest fails here as it would in a real workspace.
std::vector<std::string> manifest_commands() {
    std::vector<std::string> out;
    for (const auto& entry : manifest_features("slash_commands")) {
        if (entry.contains("command") && entry["command"].is_string())
            out.push_back(entry["command"].get<std::string>());
    }
    return out;
}

// The app's message shortcuts, as a message's menu offers them.
std::vector<Shortcut> manifest_message_shortcuts() {
    std::vector<Shortcut> out;
    for (const auto& entry : manifest_features("shortcuts")) {
        if (entry.value("type", "") == "message")
            out.push_back({entry.value("callback_id", ""), entry.value("name", "")});
    }
    return out;
}

bool is_handle_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

}  // namespace

const Person* Workspace::person(const std::string& id) const {
    for (const Person& p : people)
        if (p.id == id) return &p;
    return nullptr;
}

const Person* Workspace::person_by_handle(const std::string& handle) const {
    const std::string wanted = lower(handle);
    for (const Person& p : people)
        if (lower(p.handle) == wanted || lower(p.name) == wanted) return &p;
    return nullptr;
}

const Person* Workspace::person_by_dm(const std::string& dm_channel) const {
    for (const Person& p : people)
        if (p.dm_channel == dm_channel) return &p;
    return nullptr;
}

const Channel* Workspace::channel(const std::string& id) const {
    for (const Channel& c : channels)
        if (c.id == id) return &c;
    return nullptr;
}

bool Workspace::has_command(const std::string& command) const {
    return std::find(commands.begin(), commands.end(), command) != commands.end();
}

Workspace sandbox_workspace() {
    Workspace workspace;
    workspace.people = {{"U0ANA", "Ana", "ana", "D0ANA", Role::owner},
                        {"U0BEN", "Ben", "ben", "D0BEN"},
                        {"U0CHLOE", "Chloé", "chloe", "D0CHLOE"},
                        {"U0DEV", "Dev", "dev", "D0DEV"},
                        {"U0EMEKA", "Emeka", "emeka", "D0EMEKA"}};
    workspace.channels = {{kCrewChannel, "support-crew"}};
    workspace.usergroups = {{"S0CAPTAIN", "support-captain", {"U0BEN"}}};
    workspace.commands = manifest_commands();
    workspace.shortcuts = manifest_message_shortcuts();
    return workspace;
}

nlohmann::json users_info_user(const Workspace& workspace, const std::string& id) {
    const Person* person = workspace.person(id);
    const std::string handle = person ? person->handle : lower(id);
    const Role role = person ? person->role : Role::member;
    const std::string team =
        person && !person->team_id.empty() ? person->team_id : workspace.team_id;
    return {{"id", id},
            {"team_id", team},
            {"name", handle},
            {"real_name", person ? person->name : handle},
            {"deleted", false},
            {"is_bot", false},
            {"is_owner", role == Role::owner},
            {"is_primary_owner", role == Role::owner},
            {"is_admin", role == Role::owner || role == Role::admin},
            {"is_restricted", role == Role::guest || role == Role::single_channel_guest},
            {"is_ultra_restricted", role == Role::single_channel_guest},
            {"profile", {{"display_name", handle}, {"real_name", person ? person->name : handle}}}};
}

std::string slack_text_from_typed(const std::string& typed, const Workspace& workspace,
                                  bool for_command) {
    std::string out;
    out.reserve(typed.size() + 16);
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const char c = typed[i];
        const bool starts_word = i == 0 || !is_handle_char(typed[i - 1]);
        if (c == '@' && starts_word) {
            std::size_t end = i + 1;
            while (end < typed.size() && is_handle_char(typed[end])) ++end;
            // A trailing '.' ends the sentence, not the handle.
            while (end > i + 1 && typed[end - 1] == '.') --end;
            const std::string handle = typed.substr(i + 1, end - i - 1);
            std::string id, name;
            if (lower(handle) == lower(workspace.bot_name)) {
                id = workspace.bot_user_id;
                name = workspace.bot_name;
            } else if (const Person* p =
                           handle.empty() ? nullptr : workspace.person_by_handle(handle)) {
                id = p->id;
                name = p->handle;
            }
            if (!id.empty()) {
                out += "<@" + id + (for_command ? "|" + name : std::string()) + ">";
                i = end - 1;
                continue;
            }
        }
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else
            out += c;
    }
    return out;
}

}  // namespace ritualbot::emulator
