#pragma once
// A streaming RFC 4180 reader: quoted fields with embedded commas, quotes ("") and newlines,
// CRLF or LF line ends, a leading UTF-8 BOM. It reads the stream in large blocks, so a
// million-row file needs no more memory than its longest record.
// Lenient where RFC 4180 is strict but the intent is clear (a quote inside an unquoted field,
// text after a closing quote): the characters are kept as written. The one unrecoverable case,
// a quote never closed, is reported on the record where it opened.
// Threading: one reader per stream, one thread.

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace ritualbot::commands {

class CsvReader {
public:
    explicit CsvReader(std::istream& in);

    // Reads the next record. `fields` is resized to the record's field count; its strings are
    // reused between calls to save allocations. False at the end of the input.
    bool next(std::vector<std::string>& fields);

    // The 1-based line on which the last record started (a record may span lines).
    std::size_t line() const { return record_line_; }
    // Non-empty when the last record is malformed (an unterminated quote swallows the rest).
    const std::string& error() const { return error_; }

private:
    int get();  // next byte, or -1 at the end
    int peek();
    bool fill();

    std::istream& in_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
    std::size_t line_ = 1;
    std::size_t record_line_ = 0;
    bool started_ = false;
    std::string error_;
};

}  // namespace ritualbot::commands
