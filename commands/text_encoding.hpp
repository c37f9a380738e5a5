#pragma once
// Bytes at the boundary: text enters the bot as UTF-8 or not at all, so nothing invalid is ever
// stored (and nothing stored can make a JSON writer throw later). Imports from spreadsheets
// often arrive as Windows-1252 instead; such a file is recognised and converted as a whole.
// Pure; safe from any thread.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ritualbot::commands {

struct InvalidUtf8 {
    std::size_t offset = 0;  // of the first byte that is not part of a valid sequence
    unsigned char byte = 0;
};

// The first byte of `text` that is not well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF, no truncated sequence); nullopt when it all is.
std::optional<InvalidUtf8> find_invalid_utf8(std::string_view text);

// What a scan of some input found, to tell a UTF-8 file with a stray byte from a file written
// in Windows-1252: feed every piece of the input, then ask.
class EncodingEvidence {
public:
    void add(std::string_view text);
    // Invalid as UTF-8, no multi-byte UTF-8 character anywhere, and every byte defined in
    // Windows-1252: the whole input is Windows-1252.
    bool looks_like_windows1252() const { return saw_invalid_ && !saw_utf8_ && windows1252_; }

private:
    bool saw_invalid_ = false;
    bool saw_utf8_ = false;    // a well-formed multi-byte UTF-8 character
    bool windows1252_ = true;  // no byte Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D)
};

// Windows-1252 text as UTF-8 (every byte of `text` must be defined in Windows-1252).
std::string windows1252_to_utf8(std::string_view text);

// "byte 0xE9 at character 4": where the first invalid byte of `text` is, for a person.
std::string describe_invalid_utf8(std::string_view text, const InvalidUtf8& invalid);

}  // namespace ritualbot::commands
