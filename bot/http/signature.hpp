#pragma once
// Request signing for POST /ingest/tickets: the scheme Slack uses for its own requests.
// signature = "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body)), with the
// timestamp within five minutes of now. Compared in constant time.

#include <cstdint>
#include <string>
#include <string_view>

namespace ritualbot::bot::http {

enum class SignatureCheck { ok, missing, malformed_timestamp, stale, mismatch };

inline constexpr std::int64_t kSignatureWindowSeconds = 300;

std::string sign_request(std::string_view secret, std::string_view timestamp,
                         std::string_view body);

SignatureCheck verify_request(std::string_view secret, std::string_view timestamp,
                              std::string_view signature, std::string_view body,
                              std::int64_t now_unix_seconds);

// A sentence for the 401 answer: what was wrong, without echoing anything secret.
std::string describe(SignatureCheck check);

}  // namespace ritualbot::bot::http
