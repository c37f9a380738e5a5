#pragma once
// Request signing for POST /ingest/tickets.
// v1 (the default): "v1=" + hex(HMAC-SHA256(secret, "v1:" + timestamp + ":" + channel + ":" +
//     raw body)). The channel is signed, so a captured request cannot be replayed elsewhere.
//     A channel id holds no ':' (the ingest handler refuses any that is not [A-Z0-9]+), so
//     the boundary between channel and body is unambiguous.
// v0 (Slack's scheme for its own requests): "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp +
//     ":" + raw body)). It does not sign the channel; accepted only when the operator opts in
//     (RITUALBOT_INGEST_ALLOW_V0=1, documented as unsafe).
// Either way the timestamp must be within five minutes of now; comparison in constant time.

#include <cstdint>
#include <string>
#include <string_view>

namespace ritualbot::bot::http {

enum class SignatureCheck { ok, missing, malformed_timestamp, stale, mismatch, v0_refused };

inline constexpr std::int64_t kSignatureWindowSeconds = 300;

std::string sign_request(std::string_view secret, std::string_view timestamp,
                         std::string_view body);

std::string sign_request_v1(std::string_view secret, std::string_view timestamp,
                            std::string_view channel, std::string_view body);

// v0 only: the signature over timestamp and body.
SignatureCheck verify_request(std::string_view secret, std::string_view timestamp,
                              std::string_view signature, std::string_view body,
                              std::int64_t now_unix_seconds);

// What /ingest/tickets checks: a v1 signature over the channel, or a v0 one when `allow_v0`.
struct ChannelRequest {
    std::string_view timestamp;
    std::string_view signature;
    std::string_view channel;
    std::string_view body;
};
SignatureCheck verify_channel_request(std::string_view secret, const ChannelRequest& request,
                                      std::int64_t now_unix_seconds, bool allow_v0);

// A sentence for the 401 answer: what was wrong, without echoing anything secret.
std::string describe(SignatureCheck check);

}  // namespace ritualbot::bot::http
