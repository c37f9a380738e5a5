#pragma once
// `/outliers`: the digest on demand, owners and root causes for what it flags, and trends.
//   /outliers [show] [yesterday|today|DATE] [request_type]
//   /outliers list [DATE [DATE]]
//   /outliers assign ID @u                   (opens an investigation; the cooldown starts)
//   /outliers cause ID TEXT                  (its root cause, once found)
//   /outliers ack ID owner @u cause TEXT     (both in one step)
//   /outliers close ID [note]
//   (assign, cause and ack take `procedure NAME` after the id: the playbook procedure it concerns)
//   /outliers causes [week|month|all]
//   /outliers trend METRIC [weeks]
//   /outliers config [time HH:MM|default]
//   /outliers source add|list|remove|sync|set …  (commands/connectors/source_command.hpp)
// Handlers read and write through Context::db and learn the date from Context::clock in the
// channel's zone.

#include <string>

#include "commands/command_table.hpp"

namespace ritualbot::commands {

inline constexpr std::string_view kOutliersCommand = "/outliers";

Command make_outliers_command();

}  // namespace ritualbot::commands
