#include "emulator/emulator_state.hpp"

#include "emulator/block_limits.hpp"
#include "emulator/media_type.hpp"

#include <cstdio>
#include <cstdlib>

namespace ritualbot::emulator {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string url_decode(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '+') {
            out += ' ';
        } else if (in[i] == '%' && i + 2 < in.size()) {
            const std::string hex(in.substr(i + 1, 2));
            char* end = nullptr;
            const long v = std::strtol(hex.c_str(), &end, 16);
            if (end == hex.c_str() + 2) {
                out += static_cast<char>(v);
                i += 2;
            } else {
                out += '%';
            }
        } else {
            out += in[i];
        }
    }
    return out;
}

// "a=1&b=x%20y" into {"a":"1","b":"x y"}; later keys win.
void parse_form(std::string_view form, json& into) {
    while (!form.empty()) {
        const auto amp = form.find('&');
        const std::string_view pair = form.substr(0, amp);
        form = amp == std::string_view::npos ? std::string_view{} : form.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        const std::string key = url_decode(pair.substr(0, eq));
        into[key] = eq == std::string_view::npos ? std::string{} : url_decode(pair.substr(eq + 1));
    }
}

}  // namespace

namespace detail {

std::string arg_string(const json& args, const char* key) {
    if (!args.is_object()) return {};
    const auto it = args.find(key);
    if (it == args.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_null()) return {};
    return it->dump();
}

// Form-encoded requests carry nested values as JSON strings; store them as JSON.
json arg_json(const json& args, const char* key) {
    const auto it = args.find(key);
    if (it == args.end()) return nullptr;
    if (it->is_string()) {
        json parsed = json::parse(it->get<std::string>(), nullptr, false);
        return parsed.is_discarded() ? *it : parsed;
    }
    return *it;
}

json error_body(const std::string& error) {
    return {{"ok", false}, {"error", error}};
}

}  // namespace detail

using detail::arg_json;
using detail::arg_string;
using detail::error_body;

// --- Emulator::State --------------------------------------------------------------------

void Emulator::State::set_port(int port) {
    std::lock_guard lock(mutex);
    port_ = port;
}

int Emulator::State::port() const {
    std::lock_guard lock(mutex);
    return port_;
}

std::string Emulator::State::public_base() const {
    return "127.0.0.1:" + std::to_string(port_);
}

std::string Emulator::State::make_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    const auto a = rng(), b = rng();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-a%03x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(b >> 52),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
}

std::string Emulator::State::next_ts() {
    ts_counter_ += 100;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%06lld", 1700000000LL + ts_counter_ / 1000000,
                  ts_counter_ % 1000000);
    return buf;
}

Emulator::State::HttpReply Emulator::State::handle_http(const HttpRequestInfo& request) {
    const auto q = request.target.find('?');
    const std::string path = request.target.substr(0, q);
    const std::string_view query = q == std::string::npos
                                       ? std::string_view{}
                                       : std::string_view(request.target).substr(q + 1);

    json args = json::object();
    parse_form(query, args);
    const bool json_body = is_json_content_type(request.content_type);
    json body_json;
    if (!request.body.empty()) {
        if (json_body) {
            body_json = json::parse(request.body, nullptr, false);
            if (body_json.is_object()) {
                for (auto& [k, v] : body_json.items()) args[k] = v;
            }
        } else {
            parse_form(request.body, args);
        }
    }

    HttpReply reply;
    json response;
    ApiCall call;
    call.authorization = request.authorization;
    call.content_type = request.content_type;
    call.at = Clock::now();

    std::unique_lock lock(mutex);
    if (path.rfind("/response/", 0) == 0) {
        // response_url: plain JSON POST, no token.
        call.method = "response_url";
        const std::string envelope_id = path.substr(std::string("/response/").size());
        on_response_url_locked(envelope_id, args);
        args["envelope_id"] = envelope_id;
        response = {{"ok", true}};
    } else if (path.rfind("/files-pri/", 0) == 0) {
        call.method = "files.download";
        reply = download_locked(path, request.authorization);
        response = nullptr;
    } else if (path.rfind(detail::kUploadPath, 0) == 0) {
        // The signed upload URL: no token, the bytes as the body. Recorded without the body.
        call.method = "files.upload_bytes";
        args = {{"bytes", request.body.size()}};
        reply = receive_upload_locked(path, request.body);
        response = nullptr;
    } else if (path.rfind("/api/", 0) != 0) {
        call.method = path;
        reply.status = 404;
        response = error_body("unknown_method");
    } else {
        call.method = path.substr(5);
        if (auto d = delays_.find(call.method); d != delays_.end()) {
            reply.delay = d->second.first;
            if (--d->second.second <= 0) delays_.erase(d);
        }
        if (json_body && !request.body.empty() && body_json.is_discarded()) {
            response = error_body("invalid_json");
        } else if (auto f = failures_.find(call.method); f != failures_.end()) {
            const FailureSpec spec = f->second;
            if (--f->second.count <= 0) failures_.erase(f);
            if (spec.after_commit) dispatch(call.method, args, reply);
            reply.status = spec.http_status;
            if (spec.retry_after_seconds > 0)
                reply.headers.emplace_back("Retry-After", std::to_string(spec.retry_after_seconds));
            reply.body = spec.body;
            response = json::parse(spec.body, nullptr, false);
            if (response.is_discarded()) response = nullptr;
        } else {
            std::string token;
            if (request.authorization.rfind("Bearer ", 0) == 0)
                token = request.authorization.substr(7);
            if (token.empty()) token = arg_string(args, "token");
            const char* required = call.method == "apps.connections.open" ? kAppToken : kBotToken;
            if (token.empty())
                response = error_body("not_authed");
            else if (token != required)
                response = error_body("invalid_auth");
            else if (const int wait = over_rate_limit_locked(call.method, args, call.at);
                     wait > 0) {
                reply.status = 429;
                reply.headers.emplace_back("Retry-After", std::to_string(wait));
                response = error_body("ratelimited");
            } else
                response = dispatch(call.method, args, reply);
        }
    }
    if (reply.body.empty() && !response.is_null())
        reply.body = response.dump(-1, ' ', false, json::error_handler_t::replace);
    call.args = std::move(args);
    call.http_status = reply.status;
    rate_limited_calls += reply.status == 429;
    call.response = std::move(response);
    calls.push_back(std::move(call));
    lock.unlock();
    changed.notify_all();
    return reply;
}

int Emulator::State::over_rate_limit_locked(const std::string& method, const json& args,
                                            Clock::time_point now) {
    if (!enforce_rate_limits) return 0;
    return rate_limits_.admit(method, resolve_channel(arg_string(args, "channel")), now);
}

json Emulator::State::dispatch(const std::string& method, const json& args, HttpReply& reply) {
    const std::string channel = resolve_channel(arg_string(args, "channel"));
    if (method == "apps.connections.open") {
        const std::string ticket = make_id();
        tickets_.insert(ticket);
        return {
            {"ok", true},
            {"url", "wss://" + public_base() + "/link/?ticket=" + ticket + "&app_id=" + kAppId}};
    }
    if (method == "auth.test") {
        reply.headers.emplace_back("x-oauth-scopes", scopes_);
        return {{"ok", true},          {"url", "https://fake.slack.com/"},
                {"team", "Fake Crew"}, {"user", "ritualbot"},
                {"team_id", workspace.team_id}, {"user_id", kBotUserId},
                {"bot_id", "B0BOT"},   {"is_enterprise_install", false}};
    }
    if (method == "chat.postMessage" || method == "chat.postEphemeral" || method == "chat.update") {
        if (channel.empty()) return error_body("channel_not_found");
        if (bot_removed.count(channel) != 0) return error_body("not_in_channel");
        if (args.contains("blocks") && exceeds_block_limits(arg_json(args, "blocks")))
            return error_body("invalid_blocks");
        json message = {{"type", "message"},
                        {"user", kBotUserId},
                        {"bot_id", "B0BOT"},
                        {"team", "T0FAKE"},
                        {"text", arg_string(args, "text")}};
        for (const char* key : {"blocks", "metadata", "attachments"}) {
            if (args.contains(key)) message[key] = arg_json(args, key);
        }
        if (args.contains("thread_ts")) message["thread_ts"] = arg_string(args, "thread_ts");
        if (method == "chat.postEphemeral") {
            message["ts"] = next_ts();
            emit_message_locked(message, channel, arg_string(args, "user"));
            return {{"ok", true}, {"message_ts", message["ts"]}};
        }
        if (method == "chat.postMessage") {
            message["ts"] = next_ts();
            channel_messages[channel].push_back(message);
            emit_message_locked(message, channel, {});
            return {
                {"ok", true}, {"channel", channel}, {"ts", message["ts"]}, {"message", message}};
        }
        const std::string ts = arg_string(args, "ts");
        for (auto& stored : channel_messages[channel]) {
            if (stored["ts"] != ts) continue;
            for (auto& [k, v] : message.items()) stored[k] = v;
            stored["edited"] = {{"user", kBotUserId}, {"ts", next_ts()}};
            emit_message_locked(stored, channel, {});
            return {{"ok", true},
                    {"channel", channel},
                    {"ts", ts},
                    {"text", stored["text"]},
                    {"message", stored}};
        }
        return error_body("message_not_found");
    }
    if (method == "conversations.history") {
        if (channel.empty()) return error_body("channel_not_found");
        std::size_t limit = 100;
        if (const std::string l = arg_string(args, "limit"); !l.empty()) {
            try {
                limit = std::stoul(l);
            } catch (const std::exception&) {
            }
        }
        if (limit == 0) limit = 100;
        json messages = json::array();
        const auto& stored = channel_messages[channel];
        for (auto it = stored.rbegin(); it != stored.rend() && messages.size() < limit; ++it)
            messages.push_back(*it);
        return {{"ok", true},
                {"messages", messages},
                {"has_more", stored.size() > limit},
                {"response_metadata", {{"next_cursor", ""}}}};
    }
    if (method == "conversations.members") {
        // Everyone is in every sandbox channel. Pages of `limit` with an offset as cursor, so
        // clients are exercised on cursor pagination as Slack does it.
        if (channel.empty()) return error_body("channel_not_found");
        std::vector<std::string> everyone{workspace.bot_user_id};
        for (const Person& person : workspace.people) everyone.push_back(person.id);
        std::size_t limit = 100;
        std::size_t offset = 0;
        try {
            if (const std::string l = arg_string(args, "limit"); !l.empty()) limit = std::stoul(l);
            if (const std::string c = arg_string(args, "cursor"); !c.empty()) offset = std::stoul(c);
        } catch (const std::exception&) {
            return error_body("invalid_cursor");
        }
        if (limit == 0) limit = 100;
        json members = json::array();
        for (std::size_t i = offset; i < everyone.size() && members.size() < limit; ++i)
            members.push_back(everyone[i]);
        const std::size_t next = offset + members.size();
        return {{"ok", true},
                {"members", members},
                {"response_metadata",
                 {{"next_cursor", next < everyone.size() ? std::to_string(next) : ""}}}};
    }
    if (method.rfind("views.", 0) == 0) return dispatch_views(method, args);
    if (method == "files.info") return files_info_locked(args);
    if (method == "files.getUploadURLExternal") return upload_url_locked(args);
    if (method == "files.completeUploadExternal") return complete_upload_locked(args);
    if (method == "files.upload") return error_body("method_deprecated");
    if (method == "users.conversations") {
        // The bot is in every sandbox channel and in each person's DM.
        json channels = json::array();
        for (const Channel& channel : workspace.channels)
            if (bot_removed.count(channel.id) == 0) channels.push_back({{"id", channel.id}});
        for (const Person& person : workspace.people)
            if (!person.dm_channel.empty()) channels.push_back({{"id", person.dm_channel}, {"is_im", true}});
        return {{"ok", true}, {"channels", channels}, {"response_metadata", {{"next_cursor", ""}}}};
    }
    if (method == "users.info") {
        const std::string user = arg_string(args, "user");
        if (user.size() < 2 || (user.front() != 'U' && user.front() != 'W'))
            return error_body("user_not_found");
        return {{"ok", true}, {"user", users_info_user(workspace, user)}};
    }
    if (method == "usergroups.users.list") {
        const std::string usergroup = arg_string(args, "usergroup");
        for (const Usergroup& group : workspace.usergroups) {
            if (group.id == usergroup) return {{"ok", true}, {"users", group.members}};
        }
        return error_body("no_such_subteam");
    }
    return {{"ok", true}};
}

void Emulator::State::count_tls_session() {
    std::lock_guard lock(mutex);
    ++tls_sessions;
}

bool Emulator::State::consume_ticket(const std::string& target) {
    const auto q = target.find('?');
    if (q == std::string::npos || target.rfind("/link", 0) != 0) return false;
    json params = json::object();
    parse_form(std::string_view(target).substr(q + 1), params);
    const std::string ticket = arg_string(params, "ticket");
    std::lock_guard lock(mutex);
    return tickets_.erase(ticket) == 1;
}

void Emulator::State::fail_next(const std::string& method, FailureSpec failure) {
    std::lock_guard lock(mutex);
    if (failure.count <= 0)
        failures_.erase(method);
    else
        failures_[method] = std::move(failure);
}

void Emulator::State::delay_next(const std::string& method, std::chrono::milliseconds delay,
                                 int count) {
    std::lock_guard lock(mutex);
    if (count <= 0)
        delays_.erase(method);
    else
        delays_[method] = {delay, count};
}

void Emulator::State::set_scopes(std::string scopes) {
    std::lock_guard lock(mutex);
    scopes_ = std::move(scopes);
}

}  // namespace ritualbot::emulator
