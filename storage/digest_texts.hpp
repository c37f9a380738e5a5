#pragma once

// Digest texts kept for `/outliers` (issue 18: a read-only command on a kept digest). A
// channel's digest depends only on its tickets, investigations, digest settings and channel
// settings. Once a channel is counted (start_counting), triggers on those tables raise its
// revision in digest_inputs with every change (migrations.cpp, version 19), whichever process
// or path makes it. A caller reads the revision first, then the inputs; a text is kept with,
// and found by, the revision read before its inputs. A text built while someone wrote is so
// never taken for a later revision's, on either engine (PostgreSQL's statements each see what
// was committed when they began).
// Threading: like the Database it holds a reference to, one thread only.

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.hpp"

namespace ritualbot::storage {

struct DigestTextKey {
    std::string channel;
    std::string day;           // YYYY-MM-DD, the digest's local date
    std::string request_type;  // empty: every request type
};

class DigestTexts {
public:
    explicit DigestTexts(Database& db) : db_(db) {}

    // The channel's revision now; nullopt until it is counted. Read it before the inputs.
    std::optional<std::int64_t> revision(const std::string& channel);
    // From now on the channel's changes are counted (at revision 0 first); nothing if already.
    void start_counting(const std::string& channel);
    // The text kept for `key` at `revision`.
    std::optional<std::string> find(const DigestTextKey& key, std::int64_t revision);
    // Keeps `text`, built from inputs read after `revision` was; drops the channel's texts of
    // other revisions.
    void keep(const DigestTextKey& key, std::int64_t revision, const std::string& text,
              std::int64_t now_ms);
    // Forgets every text (maintenance: a new build may word the digest differently). Returns
    // how many there were.
    std::int64_t clear();

private:
    Database& db_;
};

}  // namespace ritualbot::storage
