#include "emulator/page_assets.hpp"

namespace ritualbot::emulator {

std::string_view page_content_type(std::string_view path) {
    const auto ends_with = [path](std::string_view suffix) {
        return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
    };
    if (ends_with(".html")) return "text/html; charset=utf-8";
    if (ends_with(".css")) return "text/css; charset=utf-8";
    if (ends_with(".js")) return "text/javascript; charset=utf-8";
    return "application/octet-stream";
}

}  // namespace ritualbot::emulator
