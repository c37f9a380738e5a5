#include "bot/http/signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <cstdlib>

namespace ritualbot::bot::http {

std::string sign_request(std::string_view secret, std::string_view timestamp,
                         std::string_view body) {
    std::string base = "v0:";
    base.append(timestamp);
    base += ':';
    base.append(body);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(base.data()), base.size(), digest, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string signature = "v0=";
    for (unsigned int i = 0; i < length; ++i) {
        signature += kHex[digest[i] >> 4];
        signature += kHex[digest[i] & 0xF];
    }
    return signature;
}

SignatureCheck verify_request(std::string_view secret, std::string_view timestamp,
                              std::string_view signature, std::string_view body,
                              std::int64_t now_unix_seconds) {
    if (timestamp.empty() || signature.empty()) return SignatureCheck::missing;
    std::int64_t sent = 0;
    const auto [end, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), sent);
    if (ec != std::errc() || end != timestamp.data() + timestamp.size())
        return SignatureCheck::malformed_timestamp;
    if (std::llabs(now_unix_seconds - sent) > kSignatureWindowSeconds) return SignatureCheck::stale;
    const std::string expected = sign_request(secret, timestamp, body);
    if (signature.size() != expected.size() ||
        CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
        return SignatureCheck::mismatch;
    }
    return SignatureCheck::ok;
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
            return "signature does not match: sign \"v0:<timestamp>:<body>\" with HMAC-SHA256 "
                   "and RITUALBOT_INGEST_SECRET";
    }
    return "invalid signature";
}

}  // namespace ritualbot::bot::http
