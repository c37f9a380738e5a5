#pragma once
// The media type of a Content-Type header, compared exactly: "application/json; charset=utf-8"
// is JSON, "text/plain; charset=application/json" is not (a substring check let that through,
// and a browser sends it cross-site without a CORS preflight).

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace ritualbot::emulator {

inline bool is_json_content_type(std::string_view content_type) {
    std::string_view media = content_type.substr(0, content_type.find(';'));
    while (!media.empty() && std::isspace(static_cast<unsigned char>(media.front()))) media.remove_prefix(1);
    while (!media.empty() && std::isspace(static_cast<unsigned char>(media.back()))) media.remove_suffix(1);
    constexpr std::string_view kJson = "application/json";
    return media.size() == kJson.size() &&
           std::equal(media.begin(), media.end(), kJson.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
           });
}

}  // namespace ritualbot::emulator
