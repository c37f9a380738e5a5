// libFuzzer target: the slash-command tokenizer and the shared argument parsers
// (commands/tokenizer.hpp) on arbitrary text. A crash, a sanitizer report or a token whose
// mrkdwn rendering throws is a bug.

#include "commands/tokenizer.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto tokens = ritualbot::commands::tokenize(text);
    if (tokens) {
        for (const auto& token : *tokens) {
            (void)ritualbot::commands::to_mrkdwn(token);
            (void)ritualbot::commands::parse_date(token.raw);
            (void)ritualbot::commands::parse_int(token.raw, -1000, 1000);
        }
    }
    (void)ritualbot::commands::unescape_slack(text);
    return 0;
}
