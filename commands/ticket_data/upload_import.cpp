#include "commands/ticket_data/upload_import.hpp"

#include "commands/ticket_data/trim.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands {
namespace {

// Quotes people type around a --map value, straight or as Slack's editor curls them.
std::string_view unquote(std::string_view text) {
    for (const std::string_view quote : {"'", "\"", "\u2018", "\u201C"}) {
        if (!text.starts_with(quote)) continue;
        text.remove_prefix(quote.size());
        for (const std::string_view close : {"'", "\"", "\u2019", "\u201D"}) {
            if (text.ends_with(close)) {
                text.remove_suffix(close.size());
                break;
            }
        }
        break;
    }
    return text;
}

bool is_csv_name(std::string_view name) {
    return name.size() > 4 && to_lower(name.substr(name.size() - 4)) == ".csv";
}

}  // namespace

std::optional<Result<ImportOptions>> parse_import_request(std::string_view escaped) {
    const std::string text = unescape_slack(escaped);
    std::string_view rest = trim_blanks(text);
    const std::size_t word_end = std::min(rest.find_first_of(" \t\r\n"), rest.size());
    if (to_lower(rest.substr(0, word_end)) != "import") return std::nullopt;
    rest = trim_blanks(rest.substr(word_end));

    ImportOptions options;
    const std::size_t next_end = std::min(rest.find_first_of(" \t\r\n"), rest.size());
    const std::string next = to_lower(rest.substr(0, next_end));
    if (!next.empty() && next != "map") {
        if (next != kNoPreset && !preset_named(next)) {
            return Result<ImportOptions>(Error{
                std::string("`import` takes a preset (").append(describe_presets())
                    .append(", or none) and/or `map FIELD=COLUMN,…`; \"")
                    .append(escape_mrkdwn(rest.substr(0, next_end)))
                    .append("\" is neither")});
        }
        options.preset = next;
        rest = trim_blanks(rest.substr(next_end));
    }
    if (!rest.empty()) {
        const std::size_t map_end = std::min(rest.find_first_of(" \t\r\n"), rest.size());
        if (to_lower(rest.substr(0, map_end)) != "map") {
            return Result<ImportOptions>(
                Error{"after `import [preset]` comes `map FIELD=COLUMN,…` or nothing"});
        }
        auto map = parse_column_map(unquote(trim_blanks(rest.substr(map_end))));
        if (!map) return Result<ImportOptions>(Error{escape_mrkdwn(map.error())});
        options.map = std::move(*map);
    }
    return Result<ImportOptions>(std::move(options));
}

std::optional<std::string> refuse_upload(const UploadedFile& file) {
    const std::string name = escape_mrkdwn(file.name.empty() ? file.id : file.name);
    if (file.filetype != "csv" && file.mimetype != "text/csv" && !is_csv_name(file.name)) {
        return std::string("*").append(name).append("* is not a CSV file (Slack calls it ")
            .append(escape_mrkdwn(file.filetype.empty() ? "unknown" : file.filetype))
            .append("). Export the tickets as CSV and upload that with `@ritualbot import`. "
                    "Nothing was imported.");
    }
    if (file.size && *file.size > kMaxUploadBytes) {
        return std::string("*").append(name).append("* is larger than ").append(kMaxUploadText)
            .append(", the most one upload may hold. Split the export by date, or import it on "
                    "the server with `ritualbot import`. Nothing was imported.");
    }
    return std::nullopt;
}

std::optional<std::string> refuse_content(const UploadedFile& file, std::string_view content) {
    if (content.find('\0') == std::string_view::npos) return std::nullopt;
    return std::string("*")
        .append(escape_mrkdwn(file.name))
        .append("* is not a CSV file: it holds binary data. Nothing was imported.");
}

std::string upload_reply_text(const UploadedFile& file, const ImportReport& report,
                              const date::time_zone* zone) {
    const std::string name = escape_mrkdwn(file.name);
    const bool refused = report.accepted == 0 && report.rejected.size() == 1 &&
                         report.rejected.front().line == 1 && report.rejected_count == 1;
    if (refused) {
        return std::string("Nothing was imported from *").append(name).append("*: ")
            .append(escape_mrkdwn(report.rejected.front().reason));
    }
    std::string text = std::string("Imported *").append(name).append("*: ");
    text += escape_mrkdwn(format_import_summary(report.summary, zone));
    if (report.rejected_count == 0) return text;
    text += report.rejected_count == 1 ? "1 line was rejected"
                                       : std::to_string(report.rejected_count) +
                                             " lines were rejected";
    text += " (nothing of them was stored):\n";
    std::size_t listed = 0;
    for (const RowError& reject : report.rejected) {
        if (reject.line == 0 || listed == kMaxRejectsInReply) continue;
        text.append("• line ").append(std::to_string(reject.line)).append(": ");
        text.append(escape_mrkdwn(reject.reason)).append("\n");
        ++listed;
    }
    if (report.rejected_count > listed) {
        text.append("…and ").append(std::to_string(report.rejected_count - listed)).append(" more.");
    }
    return text;
}

}  // namespace ritualbot::commands
