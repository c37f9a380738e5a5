#pragma once
// The sandbox page's files (emulator/page/*.html, *.css, *.js), embedded at build time by
// page/embed.cmake so the binary needs nothing beside it. Read-only data; safe from any thread.

#include <optional>
#include <string_view>

namespace ritualbot::emulator {

// "/index.html", "/app.css", "/app.js"; nullopt for anything else.
std::optional<std::string_view> embedded_page_file(std::string_view path);

// The Content-Type for a file name by its extension.
std::string_view page_content_type(std::string_view path);

}  // namespace ritualbot::emulator
