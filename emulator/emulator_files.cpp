// Files people attached to messages: what files.info says of them and their private download,
// which, as on Slack, needs the bot token. And files the bot uploads with Slack's three-step
// upload, shared into a channel as a message that carries them (the page shows the image).

#include "emulator/emulator_state.hpp"

namespace ritualbot::emulator {
namespace {

using json = nlohmann::json;

std::string mimetype_of(const std::string& filetype) {
    if (filetype == "csv") return "text/csv";
    if (filetype == "text") return "text/plain";
    if (filetype == "pdf") return "application/pdf";
    if (filetype == "png") return "image/png";
    return "application/octet-stream";
}

std::string filetype_of(const std::string& filename) {
    const auto dot = filename.rfind('.');
    return dot == std::string::npos ? std::string("binary") : filename.substr(dot + 1);
}

constexpr std::size_t kMaxAltText = 1000;

}  // namespace

using detail::arg_json;
using detail::arg_string;
using detail::error_body;

std::string Emulator::State::next_file_id() {
    return std::string("F0").append(std::to_string(++file_counter_));
}

json Emulator::State::add_file(const std::string& name, std::string content,
                               const std::string& filetype, const std::string& user) {
    std::lock_guard lock(mutex);
    const std::string id = next_file_id();
    const std::string base =
        std::string("https://").append(public_base()).append("/files-pri/T0FAKE-").append(id);
    json object = {{"id", id},
                   {"created", 1700000000 + static_cast<long long>(files_.size())},
                   {"name", name},
                   {"title", name},
                   {"mimetype", mimetype_of(filetype)},
                   {"filetype", filetype},
                   {"pretty_type", filetype == "csv" ? "CSV" : filetype},
                   {"user", user},
                   {"mode", "hosted"},
                   {"size", content.size()},
                   {"url_private", base + "/" + name},
                   {"url_private_download", base + "/download/" + name},
                   {"is_public", true}};
    files_[id] = {object, std::move(content)};
    return object;
}

json Emulator::State::files_info_locked(const json& args) const {
    const auto it = files_.find(detail::arg_string(args, "file"));
    if (it == files_.end()) return detail::error_body("file_not_found");
    return {{"ok", true}, {"file", it->second.object}, {"comments", json::array()}};
}

Emulator::State::HttpReply Emulator::State::download_locked(
    const std::string& path, const std::string& authorization) const {
    HttpReply reply;
    reply.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
    if (authorization != std::string("Bearer ") + kBotToken) {
        reply.status = 403;
        reply.body = "<!DOCTYPE html><title>Sign in</title>\n";
        return reply;
    }
    // /files-pri/T0FAKE-<id>/download/<name> or /files-pri/T0FAKE-<id>/<name>
    const std::string rest = path.substr(std::string("/files-pri/T0FAKE-").size());
    const auto it = files_.find(rest.substr(0, rest.find('/')));
    if (path.rfind("/files-pri/T0FAKE-", 0) != 0 || it == files_.end()) {
        reply.status = 404;
        reply.body = "<!DOCTYPE html><title>Not found</title>\n";
        return reply;
    }
    reply.headers.back().second = it->second.object.value("mimetype", "application/octet-stream");
    reply.body = it->second.content;
    return reply;
}

json Emulator::State::upload_url_locked(const json& args) {
    const std::string filename = arg_string(args, "filename");
    const std::string length_text = arg_string(args, "length");
    std::size_t length = 0;
    try {
        length = length_text.empty() ? 0 : std::stoul(length_text);
    } catch (const std::exception&) {
        return error_body("invalid_arguments");
    }
    if (filename.empty() || length == 0) return error_body("missing_argument");
    const std::string alt_txt = arg_string(args, "alt_txt");
    if (alt_txt.size() > kMaxAltText) return error_body("alt_txt_too_large");
    const std::string id = next_file_id();
    const std::string secret = make_id();
    uploads_[id] = {filename, alt_txt, secret, length, std::nullopt};
    return {{"ok", true},
            {"file_id", id},
            {"upload_url", std::string("https://")
                               .append(public_base())
                               .append(detail::kUploadPath)
                               .append(id)
                               .append("/")
                               .append(secret)}};
}

Emulator::State::HttpReply Emulator::State::receive_upload_locked(const std::string& path,
                                                                  const std::string& body) {
    HttpReply reply;
    reply.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    const std::string rest = path.substr(std::string(detail::kUploadPath).size());
    const auto slash = rest.find('/');
    const auto it = uploads_.find(rest.substr(0, slash));
    if (slash == std::string::npos || it == uploads_.end() ||
        it->second.secret != rest.substr(slash + 1) || it->second.content) {
        reply.status = 404;
        reply.body = "no such upload\n";
        return reply;
    }
    if (body.size() != it->second.length) {
        reply.status = 400;
        reply.body = std::string("expected ")
                         .append(std::to_string(it->second.length))
                         .append(" bytes, got ")
                         .append(std::to_string(body.size()))
                         .append("\n");
        return reply;
    }
    it->second.content = body;
    reply.body = std::string("OK - ").append(std::to_string(body.size()));
    return reply;
}

json Emulator::State::complete_upload_locked(const json& args) {
    const json files = arg_json(args, "files");
    if (!files.is_array() || files.empty()) return error_body("invalid_arguments");
    const std::string channel = resolve_channel(arg_string(args, "channel_id"));
    if (!channel.empty() && bot_removed.count(channel) != 0) return error_body("not_in_channel");
    for (const json& file : files) {
        const auto it = uploads_.find(file.is_object() ? arg_string(file, "id") : "");
        if (it == uploads_.end()) return error_body("file_not_found");
        if (!it->second.content) return error_body("upload_not_complete");
    }
    json completed = json::array();
    json shared = json::array();
    for (const json& file : files) {
        auto pending = uploads_.extract(arg_string(file, "id"));
        PendingUpload& upload = pending.mapped();
        const std::string title = arg_string(file, "title");
        const std::string filetype = filetype_of(upload.filename);
        StoredFile stored{{{"id", pending.key()},
                           {"name", upload.filename},
                           {"title", title.empty() ? upload.filename : title},
                           {"mimetype", mimetype_of(filetype)},
                           {"filetype", filetype},
                           {"user", kBotUserId},
                           {"size", upload.length},
                           {"alt_txt", upload.alt_txt}},
                          std::move(*upload.content)};
        completed.push_back({{"id", pending.key()}, {"title", stored.object["title"]}});
        shared.push_back(stored.object);
        files_[pending.key()] = std::move(stored);
    }
    if (!channel.empty()) {
        json message = {{"type", "message"},   {"subtype", "file_share"},
                        {"user", kBotUserId},  {"bot_id", "B0BOT"},
                        {"ts", next_ts()},     {"text", arg_string(args, "initial_comment")},
                        {"files", shared}};
        channel_messages[channel].push_back(message);
        emit_message_locked(message, channel, {});
    }
    return {{"ok", true}, {"files", completed}};
}

PageAnswer Emulator::State::page_file(const std::string& path) const {
    const auto it = files_.find(path.substr(std::string("/ui/files/").size()));
    if (it == files_.end()) return {404, "text/plain; charset=utf-8", "no such file\n"};
    return {200, it->second.object.value("mimetype", "application/octet-stream"),
            it->second.content};
}

}  // namespace ritualbot::emulator
