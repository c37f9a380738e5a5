#include "commands/ticket_data/csv_reader.hpp"

#include <array>
#include <string_view>

namespace ritualbot::commands {
namespace {

constexpr std::size_t kBlockSize = 1 << 20;

// The bytes that end a run of plain text: outside quotes and inside them.
constexpr std::array<bool, 256> stops(std::string_view bytes) {
    std::array<bool, 256> table{};
    for (const char c : bytes) table[static_cast<unsigned char>(c)] = true;
    return table;
}
constexpr std::array<bool, 256> kUnquotedStops = stops(",\"\r\n");
constexpr std::array<bool, 256> kQuotedStops = stops("\"\n");

}  // namespace

CsvReader::CsvReader(std::istream& in) : in_(in), buffer_(kBlockSize) {}

bool CsvReader::fill() {
    if (!in_) return false;
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    end_ = static_cast<std::size_t>(in_.gcount());
    pos_ = 0;
    return end_ > 0;
}

inline int CsvReader::peek() {
    if (pos_ == end_ && !fill()) return -1;
    return static_cast<unsigned char>(buffer_[pos_]);
}

inline int CsvReader::get() {
    const int c = peek();
    if (c >= 0) ++pos_;
    return c;
}

bool CsvReader::next(std::vector<std::string>& fields) {
    if (!started_) {
        started_ = true;
        // A UTF-8 byte order mark, as spreadsheet programs write, is not part of the header.
        if (peek() == 0xEF) {
            ++pos_;
            if (peek() == 0xBB) {
                ++pos_;
                if (peek() == 0xBF) {
                    ++pos_;
                } else {
                    pos_ -= 2;  // same block: fill() only runs when pos_ reached end_
                }
            } else {
                --pos_;
            }
        }
    }
    error_.clear();
    if (peek() < 0) return false;
    record_line_ = line_;

    std::size_t count = 0;
    const auto new_field = [&]() -> std::string& {
        if (count == fields.size()) fields.emplace_back();
        std::string& field = fields[count++];
        field.clear();
        return field;
    };
    std::string* field = &new_field();
    bool quoted = false;
    bool at_field_start = true;
    while (true) {
        if (pos_ == end_) fill();
        // A run of characters that mean nothing to the grammar is appended at once (the
        // import's profile had this loop at an eighth of its time, byte by byte); the code
        // below sees only quotes, separators and line ends.
        const char* const begin = buffer_.data() + pos_;
        const char* const stop = buffer_.data() + end_;
        const std::array<bool, 256>& stops_here = quoted ? kQuotedStops : kUnquotedStops;
        const char* run = begin;
        while (run != stop && !stops_here[static_cast<unsigned char>(*run)]) ++run;
        if (run != begin) {
            field->append(begin, run);
            pos_ += static_cast<std::size_t>(run - begin);
            at_field_start = false;
            continue;
        }
        const int c = get();
        if (c < 0) {
            if (quoted)
                error_ = "a quoted field opened on line " + std::to_string(record_line_) +
                         " is never closed";
            break;
        }
        if (quoted) {
            if (c == '"') {
                if (peek() == '"') {
                    ++pos_;
                    field->push_back('"');
                } else {
                    quoted = false;  // text after the closing quote is kept, see header
                }
            } else {
                if (c == '\n') ++line_;
                field->push_back(static_cast<char>(c));
            }
            continue;
        }
        if (c == ',') {
            field = &new_field();
            at_field_start = true;
            continue;
        }
        if (c == '\r' || c == '\n') {
            if (c == '\r' && peek() == '\n') ++pos_;
            ++line_;
            break;
        }
        if (c == '"' && at_field_start) {
            quoted = true;
            at_field_start = false;
            continue;
        }
        at_field_start = false;
        field->push_back(static_cast<char>(c));
    }
    fields.resize(count);
    return true;
}

}  // namespace ritualbot::commands
