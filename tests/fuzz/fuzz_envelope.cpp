// libFuzzer target: Socket Mode frames to envelopes (bot/slack/envelope.hpp parse_frame), then
// the ack the bot would send for them. Any frame must give an envelope or an error, never a
// crash, and an ack must stay valid JSON.

#include "bot/slack/envelope.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ritualbot::bot::slack;
    const ParsedFrame frame =
        parse_frame(std::string_view(reinterpret_cast<const char*>(data), size));
    if (frame.envelope && frame.envelope->needs_ack()) {
        const std::string ack = make_ack(frame.envelope->envelope_id, frame.envelope->payload);
        if (nlohmann::json::parse(ack, nullptr, false).is_discarded()) std::abort();
    }
    return 0;
}
