#pragma once
// The one place a requester key (an e-mail, a helpdesk user id) is turned into what we store:
// SipHash-2-4 of the key under a 16-byte secret, as a signed 64-bit integer (SQLite's INTEGER).
// SipHash is a keyed PRF, so without the secret the hashes cannot be matched against a list of
// addresses; 64 bits make collisions among one crew's requesters negligible (~1e-9 at 200k
// requesters), which is all recontact detection needs. SHA-256 would need OpenSSL, which
// commands/ does not link.
// The secret comes from storage::Tickets::requester_key() (random per database).
// Pure function, safe from any thread.

#include <cstdint>
#include <string_view>

namespace ritualbot::commands {

// `key` shorter than 16 bytes is zero-padded, longer is truncated; the raw value is
// trimmed of blanks and lower-cased first, so " Ann@X.com" and "ann@x.com" hash the same.
std::int64_t requester_hash(std::string_view requester, std::string_view key);

}  // namespace ritualbot::commands
