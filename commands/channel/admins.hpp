#pragma once
// Who may make admin-only changes in a channel. Call inside the change's storage::Transaction.
// Not thread-safe: uses the caller's Database.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "commands/request.hpp"
#include "storage/database.hpp"

namespace ritualbot::commands {

// Empty when the user may make admin-only changes in the channel. A channel with no admin yet
// makes the user its first admin (recorded and audited in the caller's transaction). Otherwise
// the refusal names who can: "only channel admins (<@U1>, <@U2>) can change the roster".
std::optional<std::string> require_admin(storage::Database& db, const Request& request,
                                         std::string_view what, std::int64_t now);

}  // namespace ritualbot::commands
