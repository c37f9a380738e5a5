#pragma once
// Which CSV column feeds which ticket column, decided once from the header row: a helpdesk
// preset (named, or recognised by the header), DESIGN.md's own column names, and the user's
// `--map 'created_at=Opened at,…'` on top of either. Then, per record, the ticket columns'
// text (converted where the export writes values its own way) for parse_ticket.
// Not thread-safe; one per import.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/result.hpp"
#include "commands/ticket_data/csv_presets.hpp"
#include "commands/ticket_data/export_values.hpp"
#include "commands/ticket_data/ticket.hpp"

namespace ritualbot::commands {

struct ImportOptions {
    // "" recognises a preset by the header (else DESIGN's names); a preset's name uses it;
    // kNoPreset reads DESIGN's names only.
    std::string preset;
    std::vector<ColumnRule> map;  // from parse_column_map: these ticket columns, from these
};
inline constexpr std::string_view kNoPreset = "none";

// "created_at=Opened at,first_response_at=minutes:First reply" (DESIGN's names on the left; a
// time column may say its values are `minutes:` after created_at).
Result<std::vector<ColumnRule>> parse_column_map(std::string_view text);

class ColumnMap {
public:
    // The error names what is missing and how to provide it (the presets, --map).
    static Result<ColumnMap> resolve(const std::vector<std::string>& header,
                                     const ImportOptions& options, const date::time_zone* zone);

    const CsvPreset* preset() const { return preset_; }
    std::size_t header_size() const { return by_position_.size(); }
    std::optional<TicketColumn> field_at(std::size_t position) const {
        return by_position_[position];
    }
    bool feeds(TicketColumn field) const { return fed_[static_cast<unsigned>(field)]; }
    bool read_local_times() const { return reader_.read_local_times(); }

    // The ticket columns' text from a record of header_size() fields; it views the record and
    // this map's own buffers, valid until the next call. An error names the export column.
    Result<const TicketFieldsText*> fill(const std::vector<std::string>& record);

private:
    explicit ColumnMap(const date::time_zone* zone) : reader_(zone) {}

    struct Binding {
        std::size_t position;
        ColumnRule rule;
    };
    std::vector<Binding> bindings_;  // created_at's first: minutes_after_created needs it
    std::vector<std::optional<TicketColumn>> by_position_;
    std::array<bool, kTicketColumnCount> fed_{};
    const CsvPreset* preset_ = nullptr;
    bool needs_created_ms_ = false;
    ExportValueReader reader_;
    TicketFieldsText fields_;
    std::array<std::string, kTicketColumnCount> scratch_;
};

}  // namespace ritualbot::commands
