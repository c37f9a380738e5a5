#pragma once
// The digest's "Investigate" button: it opens a modal asking for the owner and the root cause,
// and the submission records the investigation through `/outliers ack`, so the rule lives in
// one place (commands/outliers) whichever way the captain uses.

namespace ritualbot::commands {
class CommandTable;
}

namespace ritualbot::bot {
namespace slack {
class EventRouter;
}

void register_outlier_interactions(slack::EventRouter& router,
                                   const commands::CommandTable& commands);

}  // namespace ritualbot::bot
