#pragma once
// Compact JSON text for the hot path (acks carrying whole help pages). Gives exactly what
// nlohmann's dump(-1, ' ', false, error_handler_t::replace) gives, in a quarter of the
// instructions for the 3.2 KB /ritual help ack (make_ack: 33k against 135k, callgrind):
// dump() decodes UTF-8 byte by byte, this skips plain ASCII 8 bytes at a time.

#include <nlohmann/json.hpp>

#include <string>

namespace ritualbot::bot::slack {

void append_json(std::string& out, const nlohmann::json& value);

}  // namespace ritualbot::bot::slack
