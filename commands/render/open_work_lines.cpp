#include "commands/render/open_work_lines.hpp"

#include "commands/replies.hpp"
#include "commands/tokenizer.hpp"

namespace ritualbot::commands::render {
namespace {

std::string owner_text(const std::string& owner) {
    return owner.empty() ? std::string("nobody yet") : mention(owner);
}

// " in <#C…>" for its owner, " — owner <@U…>" for the crew.
std::string whose(const std::string& channel, const std::string& owner, ReadBy reader) {
    return reader == ReadBy::owner ? std::string(" in <#").append(channel).append(">")
                                   : std::string(" — owner ").append(owner_text(owner));
}

}  // namespace

std::string investigation_line(const handoff::Investigation& item, ReadBy reader) {
    return std::string("`")
        .append(item.outlier_id)
        .append("` ")
        .append(item.what)
        .append(whose(item.channel, item.owner, reader))
        .append(", open ")
        .append(std::to_string(item.days_open))
        .append(item.days_open == 1 ? " day" : " days")
        .append(item.has_cause ? "" : ", no cause yet")
        .append(item.overdue ? " — *overdue*" : "");
}

std::string improvement_line(const handoff::Improvement& item, ReadBy reader) {
    std::string line =
        std::string(item.title).append(whose(item.channel, item.owner, reader));
    if (!item.due_date.empty()) {
        const auto due = parse_iso_date(item.due_date);
        line.append(", due ").append(due ? format_day(*due) : item.due_date);
        if (item.overdue) line.append(" (*overdue*)");
    }
    return line;
}

std::string procedure_link(const std::string& name, const std::string& link) {
    const std::string shown = escape_mrkdwn(name);
    return link.empty() ? std::string("`").append(shown).append("`")
                        : std::string("<").append(link).append("|").append(shown).append(">");
}

std::string procedure_line(const handoff::MarkedProcedure& item) {
    std::string line = procedure_link(item.name, item.link);
    line.append(" — owner ").append(owner_text(item.owner));
    if (!item.note.empty()) line.append(": ").append(item.note);
    return line;
}

std::string unclaimed_line(const handoff::UnclaimedOutlier& item) {
    return std::string("`").append(item.id).append("` ").append(item.what).append(": ").append(
        item.why);
}

}  // namespace ritualbot::commands::render
