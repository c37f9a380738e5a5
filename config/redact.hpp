#pragma once

// Turns a secret (a Slack token, the ingest secret) into text that is safe to print: enough to
// tell two tokens apart or spot a wrong kind of token, never enough to use one.
// Pure functions; safe from any thread.

#include <string>
#include <string_view>

namespace ritualbot::config {

// "xoxb-1234-abcd…wxyz" -> "xoxb-…wxyz". Shows a short lowercase type prefix ("xoxb-", "xapp-")
// and at most the last 4 characters; secrets under 12 characters show only the prefix and
// secrets without a prefix at most their last 2. Control and non-ASCII bytes are escaped
// (\n, \x..) so the result is always one printable line.
std::string redact(std::string_view secret);

}  // namespace ritualbot::config
