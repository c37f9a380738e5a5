// libFuzzer target: the streaming CSV reader (commands/ticket_data/csv_reader.hpp) on arbitrary
// bytes, read to the end. Bounded: a reader that stops advancing is reported as a hang.

#include "commands/ticket_data/csv_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    ritualbot::commands::CsvReader reader(in);
    std::vector<std::string> fields;
    while (reader.next(fields)) {
        (void)reader.line();
        (void)reader.error();
    }
    return 0;
}
