#include "commands/render/handoff_blocks.hpp"

#include "commands/render/block_kit.hpp"
#include "commands/render/open_work_lines.hpp"
#include "commands/render/titled_list.hpp"
#include "commands/replies.hpp"

namespace ritualbot::commands::render {
namespace {

using nlohmann::json;

void add_investigations(json& blocks, const handoff::OpenWork& work) {
    add_titled_list(blocks, "Investigations without a cause", work.investigations,
                    [](const handoff::Investigation& i) { return investigation_line(i); });
}

void add_improvements(json& blocks, const handoff::OpenWork& work) {
    add_titled_list(blocks, "Improvements due", work.improvements,
                    [](const handoff::Improvement& i) { return improvement_line(i); });
}

void add_procedures(json& blocks, const handoff::OpenWork& work) {
    add_titled_list(blocks, "Procedures marked for update", work.procedures, procedure_line);
}

void add_unclaimed(json& blocks, const handoff::OpenWork& work) {
    add_titled_list(blocks, "Outliers nobody picked up", work.unclaimed, unclaimed_line);
}

}  // namespace

json changeover_blocks(const ChangeoverView& view) {
    json blocks = json::array({section(mrkdwn(view.headline)), section(mrkdwn(view.checklist))});
    if (view.note) {
        blocks.push_back(section(mrkdwn(truncate_chars(std::string("*Handoff from ")
                                                           .append(mention(view.note->by))
                                                           .append("*\n>")
                                                           .append(view.note->text),
                                                       kMaxSectionChars))));
    }
    const std::size_t before = blocks.size();
    add_investigations(blocks, view.work);
    add_improvements(blocks, view.work);
    add_procedures(blocks, view.work);
    add_unclaimed(blocks, view.work);
    if (blocks.size() == before) blocks.push_back(context(mrkdwn("Nothing open to hand over.")));
    if (!view.next.empty()) blocks.push_back(context(mrkdwn(view.next)));
    return blocks;
}

}  // namespace ritualbot::commands::render
