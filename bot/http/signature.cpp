#include "bot/http/signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

namespace ritualbot::bot::http {

namespace {

std::string hmac_hex(std::string_view prefix, std::string_view secret, std::string_view base) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(base.data()), base.size(), digest, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string signature(prefix);
    for (unsigned int i = 0; i < length; ++i) {
        signature += kHex[digest[i] >> 4];
        signature += kHex[digest[i] & 0xF];
    }
    return signature;
}

// |now - sent| <= window without computing now - sent, which overflows for extreme values.
bool within_window(std::int64_t now, std::int64_t sent) {
    const auto distance = sent > now ? static_cast<std::uint64_t>(sent) - static_cast<std::uint64_t>(now)
                                     : static_cast<std::uint64_t>(now) - static_cast<std::uint64_t>(sent);
    return distance <= static_cast<std::uint64_t>(kSignatureWindowSeconds);
}

SignatureCheck check_timestamp(std::string_view timestamp, std::int64_t now) {
    std::int64_t sent = 0;
    const auto [end, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), sent);
    if (ec != std::errc() || end != timestamp.data() + timestamp.size())
        return SignatureCheck::malformed_timestamp;
    return within_window(now, sent) ? SignatureCheck::ok : SignatureCheck::stale;
}

SignatureCheck compare(std::string_view signature, const std::string& expected) {
    if (signature.size() != expected.size() ||
        CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
        return SignatureCheck::mismatch;
    }
    return SignatureCheck::ok;
}

}  // namespace

std::string sign_request(std::string_view secret, std::string_view timestamp,
                         std::string_view body) {
    std::string base = "v0:";
    base.append(timestamp);
    base += ':';
    base.append(body);
    return hmac_hex("v0=", secret, base);
}

std::string sign_request_v1(std::string_view secret, std::string_view timestamp,
                            std::string_view channel, std::string_view body) {
    std::string base = "v1:";
    base.append(timestamp);
    base += ':';
    base.append(channel);
    base += ':';
    base.append(body);
    return hmac_hex("v1=", secret, base);
}

SignatureCheck verify_request(std::string_view secret, std::string_view timestamp,
                              std::string_view signature, std::string_view body,
                              std::int64_t now_unix_seconds) {
    if (timestamp.empty() || signature.empty()) return SignatureCheck::missing;
    if (const auto time = check_timestamp(timestamp, now_unix_seconds); time != SignatureCheck::ok)
        return time;
    return compare(signature, sign_request(secret, timestamp, body));
}

SignatureCheck verify_channel_request(std::string_view secret, const ChannelRequest& request,
                                      std::int64_t now_unix_seconds, bool allow_v0) {
    if (request.timestamp.empty() || request.signature.empty()) return SignatureCheck::missing;
    if (request.signature.substr(0, 3) == "v0=") {
        if (!allow_v0) return SignatureCheck::v0_refused;
        return verify_request(secret, request.timestamp, request.signature, request.body,
                              now_unix_seconds);
    }
    if (const auto time = check_timestamp(request.timestamp, now_unix_seconds);
        time != SignatureCheck::ok) {
        return time;
    }
    return compare(request.signature,
                   sign_request_v1(secret, request.timestamp, request.channel, request.body));
}

std::string describe(SignatureCheck check) {
    switch (check) {
        case SignatureCheck::ok: return "signature ok";
        case SignatureCheck::missing:
            return "missing X-Ritualbot-Signature or X-Ritualbot-Timestamp header";
        case SignatureCheck::malformed_timestamp:
            return "X-Ritualbot-Timestamp must be unix seconds";
        case SignatureCheck::stale:
            return "X-Ritualbot-Timestamp is more than 5 minutes from the server's time";
        case SignatureCheck::mismatch:
            return "signature does not match: sign \"v1:<timestamp>:<channel>:<body>\" with "
                   "HMAC-SHA256 and the ingest secret (RITUALBOT_INGEST_SECRET_<CHANNEL> if set "
                   "for that channel, else RITUALBOT_INGEST_SECRET)";
        case SignatureCheck::v0_refused:
            return "v0 signatures do not cover the channel and are refused: sign "
                   "\"v1:<timestamp>:<channel>:<body>\" and send X-Ritualbot-Signature: v1=<hex>";
    }
    return "invalid signature";
}

}  // namespace ritualbot::bot::http
