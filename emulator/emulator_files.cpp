// Files people attached to messages: what files.info says of them and their private download,
// which, as on Slack, needs the bot token.

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

}  // namespace

json Emulator::State::add_file(const std::string& name, std::string content,
                               const std::string& filetype, const std::string& user) {
    std::lock_guard lock(mutex);
    const std::string id = std::string("F0").append(std::to_string(files_.size() + 1000));
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

}  // namespace ritualbot::emulator
