#include "commands/ticket_data/importer.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "commands/channel/channel_config.hpp"
#include "commands/text_encoding.hpp"
#include "commands/ticket_data/csv_reader.hpp"
#include "commands/ticket_data/ticket.hpp"
#include "commands/ticket_data/ticket_store.hpp"
#include "storage/batched_transaction.hpp"

namespace ritualbot::commands {
namespace {

// Reject reports are meant for people; past this many the rest are counted, not listed, so a
// wrong file (a million bad rows) cannot produce a million-line report.
constexpr std::size_t kMaxListedRejects = 1000;
constexpr std::size_t kMaxJsonItems = 100000;

// Collects rejects, keeping the report bounded.
class Rejects {
public:
    explicit Rejects(ImportReport& report) : report_(report) {}
    void add(std::size_t line, std::string reason) {
        ++total_;
        if (report_.rejected.size() < kMaxListedRejects) {
            report_.rejected.push_back({line, std::move(reason)});
        }
    }
    void finish() {
        report_.rejected_count = total_;
        if (total_ > report_.rejected.size()) {
            report_.rejected.push_back(
                {0, std::to_string(total_ - report_.rejected.size()) + " more rejects not listed"});
        }
    }

private:
    ImportReport& report_;
    std::size_t total_ = 0;
};

// Stores a parsed ticket, or lists why its line was rejected.
// Commits in batches (short write-lock holds, so the live bot's writes interleave with a big
// import).
void keep(TicketStore& store, storage::BatchedTransaction& batch, Rejects& rejects,
          ImportReport& report, std::size_t line, Result<Ticket>& ticket) {
    if (!ticket) {
        rejects.add(line, ticket.error());
        return;
    }
    store.put(*ticket);
    batch.row_written();
    ++report.accepted;
    report.summary.add(*ticket);
}

bool blank_record(const std::vector<std::string>& fields) {
    return fields.size() == 1 && fields[0].find_first_not_of(" \t") == std::string::npos;
}

// Scalar JSON values as the text parse_ticket reads; nullopt for a type no column takes.
std::optional<std::string> json_text(const nlohmann::json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::null:
            return std::string();
        case nlohmann::json::value_t::string:
            return value.get<std::string>();
        case nlohmann::json::value_t::boolean:
            return std::string(value.get<bool>() ? "1" : "0");
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
            return value.dump();
        case nlohmann::json::value_t::number_float: {
            const double d = value.get<double>();
            // 4.0 from a JSON encoder that writes every number as a float is still 4. Only a
            // whole number within ±2^53 is cast: casting 1e300 to an integer is undefined.
            constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
            if (std::trunc(d) == d && std::fabs(d) <= kExactIntegers) {
                return std::to_string(static_cast<long long>(d));
            }
            return value.dump();
        }
        case nlohmann::json::value_t::array: {
            std::string joined;
            for (const auto& item : value) {
                if (!item.is_string()) return std::nullopt;
                if (!joined.empty()) joined += ';';
                joined += item.get<std::string>();
            }
            return joined;
        }
        default:
            return std::nullopt;
    }
}

Result<Ticket> ticket_from_json(const nlohmann::json& item) {
    if (!item.is_object()) return Error{"not a JSON object"};
    std::array<std::string, kTicketColumnCount> storage_text;
    TicketFieldsText fields;
    for (const auto& [key, value] : item.items()) {
        const auto column = ticket_column(key);
        if (!column) continue;  // unknown keys are ignored, as unknown CSV columns are
        const auto index = static_cast<unsigned>(*column);
        if (value.is_array() && *column != TicketColumn::tags) {
            return Error{std::string(key) + " must not be an array"};
        }
        auto text = json_text(value);
        if (!text) return Error{std::string(key) + " has a value of the wrong type"};
        storage_text[index] = std::move(*text);
        fields[index] = storage_text[index];
    }
    return parse_ticket(fields);
}

}  // namespace

namespace {

// Why a record's text cannot be stored ("column 5 (request_type): byte 0xE9 at character 4 is
// not UTF-8"), or nullopt when all of it is UTF-8.
std::optional<std::string> invalid_text(const std::vector<std::string>& record,
                                        const ColumnMap& columns) {
    for (std::size_t i = 0; i < record.size(); ++i) {
        const auto invalid = find_invalid_utf8(record[i]);
        if (!invalid) continue;
        std::string where = "column " + std::to_string(i + 1);
        const auto field = i < columns.header_size() ? columns.field_at(i) : std::nullopt;
        if (field) {
            where.append(" (").append(kTicketColumnNames[static_cast<unsigned>(*field)]).append(")");
        }
        return where + ": " + describe_invalid_utf8(record[i], *invalid);
    }
    return std::nullopt;
}

// One pass over the CSV. With `evidence`, it also gathers what the text says of its encoding
// and, when that says Windows-1252, rolls back instead of committing (the caller reads the
// file again, converted).
ImportReport import_csv_pass(storage::Database& db, const std::string& channel, std::istream& csv,
                             const ImportOptions& options, const date::time_zone* zone,
                             EncodingEvidence* evidence) {
    ImportReport report;
    Rejects rejects(report);
    CsvReader reader(csv);
    std::vector<std::string> record;

    if (!reader.next(record) || blank_record(record)) {
        rejects.add(1, "the file is empty: the first line must name the columns");
        rejects.finish();
        return report;
    }
    if (evidence) {
        for (const std::string& header : record) evidence->add(header);
    }
    auto columns = ColumnMap::resolve(record, options, zone);
    if (!columns) {
        rejects.add(1, columns.error());
        rejects.finish();
        return report;
    }
    if (const CsvPreset* preset = columns->preset()) report.summary.preset = preset->title;
    for (std::size_t i = 0; i < kTicketColumnCount; ++i) {
        report.summary.in_file[i] = columns->feeds(static_cast<TicketColumn>(i));
    }

    storage::BatchedTransaction tx(db);
    TicketStore store(db, channel);
    while (reader.next(record)) {
        if (!reader.error().empty()) {
            rejects.add(reader.line(), reader.error());
            continue;
        }
        if (blank_record(record)) continue;
        if (evidence) {
            for (const std::string& field : record) evidence->add(field);
        }
        if (const auto invalid = invalid_text(record, *columns)) {
            rejects.add(reader.line(), *invalid);
            continue;
        }
        if (record.size() != columns->header_size()) {
            rejects.add(reader.line(), "has " + std::to_string(record.size()) +
                                           " fields; the header has " +
                                           std::to_string(columns->header_size()));
            continue;
        }
        const auto fields = columns->fill(record);
        if (!fields) {
            rejects.add(reader.line(), fields.error());
            continue;
        }
        auto ticket = parse_ticket(**fields);
        keep(store, tx, rejects, report, reader.line(), ticket);
    }
    // Read again, converted: the batches committed so far held only ASCII rows (a byte of
    // Windows-1252 text is not UTF-8, so its row was rejected), which the conversion leaves
    // as they are and the second pass upserts again. The last batch rolls back.
    if (evidence && evidence->looks_like_windows1252()) return report;
    tx.commit();
    if (columns->read_local_times()) {
        report.summary.notes = std::string("Times without an offset were read in ")
                                   .append(zone ? zone->name() : std::string("UTC"))
                                   .append(", the channel's time zone.");
    }
    rejects.finish();
    return report;
}

}  // namespace

ImportReport import_tickets_csv(storage::Database& db, const std::string& channel,
                                std::istream& csv, const ImportOptions& options) {
    const date::time_zone* zone = load_channel_config(db, channel).zone;
    const std::istream::pos_type start = csv.tellg();
    const bool can_reread = start != std::istream::pos_type(-1);
    EncodingEvidence evidence;
    ImportReport report =
        import_csv_pass(db, channel, csv, options, zone, can_reread ? &evidence : nullptr);
    if (!can_reread || !evidence.looks_like_windows1252()) return report;

    csv.clear();
    csv.seekg(start);
    std::ostringstream raw;
    raw << csv.rdbuf();
    std::istringstream converted(windows1252_to_utf8(raw.str()));
    report = import_csv_pass(db, channel, converted, options, zone, nullptr);
    report.note = "the file is not UTF-8: it was read as Windows-1252 and converted";
    report.summary.notes = "The file is not UTF-8: it was read as Windows-1252 (Latin-1) and "
                           "converted. " + report.summary.notes;
    return report;
}

ImportReport ingest_tickets_json(storage::Database& db, const std::string& channel,
                                 std::string_view body) {
    ImportReport report;
    Rejects rejects(report);
    if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);  // a BOM, as for CSV
    if (const auto invalid = find_invalid_utf8(body)) {
        const std::size_t line_start = body.rfind('\n', invalid->offset);
        const std::size_t from = line_start == std::string_view::npos ? 0 : line_start + 1;
        InvalidUtf8 in_line = *invalid;
        in_line.offset -= from;
        rejects.add(
            1 + static_cast<std::size_t>(std::count(body.begin(), body.begin() + from, '\n')),
            "the body is not UTF-8: " + describe_invalid_utf8(body.substr(from), in_line));
        rejects.finish();
        return report;
    }
    const std::size_t start = body.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) {
        rejects.add(1, "the body is empty");
        rejects.finish();
        return report;
    }

    // (line or item number, parsed item or the reason it is not one)
    std::vector<std::pair<std::size_t, Result<Ticket>>> items;
    if (body[start] == '[') {
        nlohmann::json array = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
        if (array.is_discarded() || !array.is_array()) {
            rejects.add(1, "the body is not a valid JSON array");
            rejects.finish();
            return report;
        }
        if (array.size() > kMaxJsonItems) {
            rejects.add(1, "the array has " + std::to_string(array.size()) +
                               " items; send at most " + std::to_string(kMaxJsonItems));
            rejects.finish();
            return report;
        }
        std::size_t index = 0;
        for (const auto& item : array) items.emplace_back(++index, ticket_from_json(item));
    } else {
        std::size_t line = 0;
        std::size_t pos = 0;
        while (pos <= body.size()) {
            const std::size_t end = std::min(body.find('\n', pos), body.size());
            const std::string_view text = body.substr(pos, end - pos);
            ++line;
            pos = end + 1;
            if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
            if (items.size() >= kMaxJsonItems) {
                rejects.add(line, "more than " + std::to_string(kMaxJsonItems) +
                                      " items; the rest are not read");
                break;
            }
            nlohmann::json item = nlohmann::json::parse(text, nullptr, false);
            if (item.is_discarded()) {
                items.emplace_back(line, Error{"not valid JSON"});
            } else {
                items.emplace_back(line, ticket_from_json(item));
            }
        }
    }

    storage::BatchedTransaction tx(db);
    TicketStore store(db, channel);
    for (auto& [line, ticket] : items) keep(store, tx, rejects, report, line, ticket);
    tx.commit();
    rejects.finish();
    return report;
}

}  // namespace ritualbot::commands
