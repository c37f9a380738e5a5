// libFuzzer target: Socket Mode frames to envelopes (bot/slack/envelope.hpp parse_frame), then
// the ack the bot would send for them. Any frame must give an envelope or an error, never a
// crash; an ack must stay valid JSON, and the ack writer (json_writer.hpp) must write exactly
// what nlohmann's dump() writes.

#include "bot/slack/envelope.hpp"
#include "bot/slack/json_writer.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ritualbot::bot::slack;
    // Raw bytes as a string value: the writer's UTF-8 checks against dump()'s replacement.
    const nlohmann::json raw(std::string(reinterpret_cast<const char*>(data), size));
    std::string written;
    append_json(written, raw);
    if (written != raw.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) std::abort();

    const ParsedFrame frame =
        parse_frame(std::string_view(reinterpret_cast<const char*>(data), size));
    if (frame.envelope && frame.envelope->needs_ack()) {
        const std::string ack = make_ack(frame.envelope->envelope_id, frame.envelope->payload);
        if (nlohmann::json::parse(ack, nullptr, false).is_discarded()) std::abort();
        nlohmann::json reference = {{"envelope_id", frame.envelope->envelope_id}};
        if (!frame.envelope->payload.is_null()) reference["payload"] = frame.envelope->payload;
        if (ack != reference.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) {
            std::abort();
        }
    }
    return 0;
}
