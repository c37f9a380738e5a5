#include "commands/channel/audit.hpp"

#include "storage/audit_log.hpp"

namespace ritualbot::commands {

void audit(storage::Database& db, const Request& request, std::string action, std::string detail,
           std::int64_t now) {
    storage::AuditLog(db).record(
        {0, request.channel_id, request.user_id, std::move(action), std::move(detail), now});
}

}  // namespace ritualbot::commands
