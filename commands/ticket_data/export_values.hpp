#pragma once
// Values of helpdesk export columns turned into the text parse_ticket reads (csv_presets.hpp
// names the conversions). A value that does not read gives a reason naming the export column,
// so a person can find it in their file.
// Not thread-safe (it counts what it read); one per import.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "commands/result.hpp"
#include "commands/ticket_data/csv_presets.hpp"

namespace date {
class time_zone;
}

namespace ritualbot::commands {

class ExportValueReader {
public:
    // `zone`: where times written without an offset are read (the channel's; nullptr is UTC).
    explicit ExportValueReader(const date::time_zone* zone) : zone_(zone) {}

    // The text for the ticket column: a view of `value` or of `scratch`, which it overwrites.
    // `created_ms` is the row's created_at, needed by minutes_after_created.
    Result<std::string_view> read(const ColumnRule& rule, std::string_view value,
                                  std::string& scratch, std::optional<std::int64_t> created_ms);

    // created_at's text as unix ms (any form `time` reads); nullopt when it does not read.
    std::optional<std::int64_t> time_of(std::string_view value);

    // Whether some time had no offset and was read in the zone.
    bool read_local_times() const { return local_times_; }

private:
    const date::time_zone* zone_;
    bool local_times_ = false;
};

}  // namespace ritualbot::commands
