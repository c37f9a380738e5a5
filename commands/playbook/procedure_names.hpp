#pragma once
// How people name a playbook procedure, wherever they do (`/playbook`, a suggestion's
// `#procedure`, `/outliers … procedure NAME`, a form): one word of letters, digits and
// - _ . /, at most 60, compared without case; and finding what they meant when they
// misspell one. Reads the channel's registry through the caller's Database.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/result.hpp"
#include "commands/tokenizer.hpp"
#include "storage/database.hpp"
#include "storage/procedures.hpp"

namespace ritualbot::commands::playbook {

inline constexpr std::size_t kMaxNameLength = 60;

// The name as written, without a leading '#'; nullopt when it is not a usable name.
std::optional<std::string> parse_name(std::string_view text);
// From a token: a word, or the channel link Slack makes of `#name` when a channel has that
// name.
std::optional<std::string> name_of(const Token& token);
// What a bad name is told: the rule, with the name echoed.
std::string bad_name_message(std::string_view as_typed);

// Levenshtein distance over bytes (names are ASCII).
std::size_t edit_distance(std::string_view a, std::string_view b);
// Of `candidates`, the one nearest `name` (case ignored) if it is near enough to be a typo:
// one edit for names up to 4 characters, two beyond.
std::optional<std::string> nearest(std::string_view name,
                                   const std::vector<std::string>& candidates);

// The channel's procedure of that name (not retired), or an error that says so with "did you
// mean" for a near miss and how to see or add procedures otherwise.
Result<storage::Procedure> find_procedure(storage::Database& db, const std::string& channel,
                                          std::string_view name);

// The channel's procedure (not retired) whose id a form's picker returned as text.
std::optional<storage::Procedure> find_procedure_by_id(storage::Database& db,
                                                       const std::string& channel,
                                                       std::string_view id_text);

// A suggestion's (or form's) procedure tag read against the registry.
struct Tag {
    std::string key;                      // lower case: what suggestions store
    std::optional<std::int64_t> linked;   // the procedure it names; nullopt: not in the playbook
};
// Error for a near miss of a known name ("did you mean #refunds?"); an unknown name that is
// near nothing is a Tag without a link.
Result<Tag> resolve_tag(storage::Database& db, const std::string& channel, std::string_view name);

}  // namespace ritualbot::commands::playbook
