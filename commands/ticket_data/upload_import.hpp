#pragma once
// The rules of a ticket import from a file uploaded to Slack (`@ritualbot import` on a message
// with a CSV, or the "Import tickets" message shortcut), apart from the fetching, which bot/
// does: what the words after `import` ask for, which files are refused before anything is
// downloaded, and the threaded answer (the import summary and the first rejected lines).
// Pure functions; safe from any thread.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "commands/result.hpp"
#include "commands/ticket_data/importer.hpp"

namespace ritualbot::commands {

// A CSV of this size holds about 100,000 tickets; the download is held in memory.
inline constexpr std::size_t kMaxUploadBytes = 20 * 1024 * 1024;
inline constexpr std::string_view kMaxUploadText = "20 MB";
inline constexpr std::size_t kMaxRejectsInReply = 20;

// "import", "import zendesk", "import map created_at=Opened at,id=Ticket" (Slack-escaped text
// after the bot's mention). nullopt when the text is not an import request at all.
std::optional<Result<ImportOptions>> parse_import_request(std::string_view text);

struct UploadedFile {
    std::string id;
    std::string name;
    std::string filetype;  // Slack's: "csv", "text", "pdf", …
    std::string mimetype;
    std::optional<std::uint64_t> size;
};

// Why the file is not imported (not a CSV, over kMaxUploadBytes), or nullopt. mrkdwn.
std::optional<std::string> refuse_upload(const UploadedFile& file);
// The same for the downloaded bytes: binary content is not a CSV whatever its name says.
std::optional<std::string> refuse_content(const UploadedFile& file, std::string_view content);

// The thread reply: what was imported (the summary) and the rejected lines, the first
// kMaxRejectsInReply of them, then how many more. mrkdwn, file text escaped.
std::string upload_reply_text(const UploadedFile& file, const ImportReport& report,
                              const date::time_zone* zone);

}  // namespace ritualbot::commands
