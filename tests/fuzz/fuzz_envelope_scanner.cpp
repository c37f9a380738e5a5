// libFuzzer target: the slash command scanner (bot/slack/envelope_scanner.hpp) against the full
// parse. A frame the scanner reads must be one the full parse reads into the same envelope; the
// scanner may decline any frame (the full parse then decides), but must never crash.

#include "bot/slack/envelope_scanner.hpp"
#include "tests/support/envelope_difference.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ritualbot::bot::slack;
    const std::string_view frame(reinterpret_cast<const char*>(data), size);
    const auto scanned = scan_slash_command(frame);
    if (!scanned) return 0;
    const ParsedFrame full = parse_frame_in_full(frame);
    if (!full.envelope) std::abort();
    if (!ritualbot::test::envelope_difference(*scanned, *full.envelope).empty()) std::abort();
    return 0;
}
