#include "commands/outliers/window_segments.hpp"

#include <algorithm>
#include <map>

namespace ritualbot::commands {
namespace {

std::string_view trim(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Calls `each` with every distinct non-empty tag of `tags` (';'-separated, blanks trimmed).
template <class Each>
void for_each_tag(const std::optional<std::string>& tags, Each each) {
    if (!tags) return;
    std::vector<std::string_view> seen;
    std::string_view rest = *tags;
    while (true) {
        const std::size_t end = rest.find(';');
        const std::string_view tag = trim(rest.substr(0, end));
        if (!tag.empty() && std::find(seen.begin(), seen.end(), tag) == seen.end()) {
            seen.push_back(tag);
            each(tag);
        }
        if (end == std::string_view::npos) return;
        rest.remove_prefix(end + 1);
    }
}

using Names = std::map<std::string_view, int>;

// Gives each name of a dimension its id, in name order, after the ids handed out so far.
void number(Names& names, std::string_view dimension, std::vector<Segment>& segments) {
    for (auto& [name, id] : names) {
        id = static_cast<int>(segments.size());
        segments.push_back({std::string(dimension), std::string(name)});
    }
}

int id_in(const Names& names, const std::optional<std::string>& value) {
    return value ? names.find(*value)->second : -1;
}

}  // namespace

WindowSegments::WindowSegments(const TicketWindow& window) {
    // Dimensions in Segment order: all < channel < request_type < tag.
    Names paths, types, tags;
    for (const storage::TicketRow& t : window.tickets) {
        if (t.contact_channel) paths.try_emplace(*t.contact_channel, 0);
        if (t.request_type) types.try_emplace(*t.request_type, 0);
        for_each_tag(t.tags, [&](std::string_view tag) { tags.try_emplace(tag, 0); });
    }
    segments_.push_back(kAllSegment);
    number(paths, "channel", segments_);
    number(types, "request_type", segments_);
    number(tags, "tag", segments_);

    const std::size_t n = window.tickets.size();
    type_.reserve(n);
    path_.reserve(n);
    tag_begin_.reserve(n + 1);
    for (const storage::TicketRow& t : window.tickets) {
        type_.push_back(id_in(types, t.request_type));
        path_.push_back(id_in(paths, t.contact_channel));
        tag_begin_.push_back(tags_.size());
        for_each_tag(t.tags,
                     [&](std::string_view tag) { tags_.push_back(tags.find(tag)->second); });
    }
    tag_begin_.push_back(tags_.size());
}

std::vector<int> WindowSegments::top_tags(std::size_t begin, std::size_t end, std::size_t max,
                                          std::size_t min_tickets) const {
    std::map<int, std::size_t> counts;  // by id: by name
    for (std::size_t i = begin; i < end; ++i) {
        for (const int tag : tags_of(i)) ++counts[tag];
    }
    std::vector<std::pair<int, std::size_t>> ranked(counts.begin(), counts.end());
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<int> out;
    for (const auto& [tag, count] : ranked) {
        if (out.size() == max || count < min_tickets) break;
        out.push_back(tag);
    }
    return out;
}

bool WindowSegments::contains(std::size_t ticket, int segment, std::span<const int> tags) const {
    if (segment == kAll) return true;
    if (segment == type_[ticket] || segment == path_[ticket]) return true;
    if (segments_[static_cast<std::size_t>(segment)].dimension != "tag") return false;
    const auto mine = tags_of(ticket);
    return std::find(mine.begin(), mine.end(), segment) != mine.end() &&
           std::find(tags.begin(), tags.end(), segment) != tags.end();
}

}  // namespace ritualbot::commands
