#include "commands/outliers/window_segments.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace ritualbot::commands {
namespace {

std::string_view trim(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Calls `each` with every non-empty tag of `tags` (';'-separated, blanks trimmed).
template <class Each>
void for_each_tag(const std::optional<std::string>& tags, Each each) {
    if (!tags) return;
    std::string_view rest = *tags;
    while (true) {
        const std::size_t end = rest.find(';');
        const std::string_view tag = trim(rest.substr(0, end));
        if (!tag.empty()) each(tag);
        if (end == std::string_view::npos) return;
        rest.remove_prefix(end + 1);
    }
}

// The names of one dimension, numbered in order of first sight while the window is read once;
// then renumbered in name order. A hash lookup per value: the std::map lookups this replaced
// were a tenth of a digest (bench/README.md, issue 14, third pass).
class Names {
public:
    int id(std::string_view name) {
        const auto [it, fresh] = ids_.try_emplace(name, static_cast<int>(names_.size()));
        if (fresh) names_.push_back(name);
        return it->second;
    }
    std::size_t size() const { return names_.size(); }

    // Appends a segment per name, in name order; returns each first-sight id's segment id.
    std::vector<int> number(std::string_view dimension, std::vector<Segment>& segments) const {
        std::vector<int> by_name(names_.size());
        std::iota(by_name.begin(), by_name.end(), 0);
        std::sort(by_name.begin(), by_name.end(), [&](int a, int b) {
            return names_[static_cast<std::size_t>(a)] < names_[static_cast<std::size_t>(b)];
        });
        std::vector<int> segment_id(names_.size());
        for (const int first_sight : by_name) {
            segment_id[static_cast<std::size_t>(first_sight)] = static_cast<int>(segments.size());
            segments.push_back({std::string(dimension),
                                std::string(names_[static_cast<std::size_t>(first_sight)])});
        }
        return segment_id;
    }

private:
    std::unordered_map<std::string_view, int> ids_;
    std::vector<std::string_view> names_;
};

int id_in(Names& names, const std::optional<std::string>& value) {
    return value ? names.id(*value) : -1;
}

void renumber(std::vector<int>& ids, const std::vector<int>& segment_id) {
    for (int& id : ids) {
        if (id >= 0) id = segment_id[static_cast<std::size_t>(id)];
    }
}

}  // namespace

WindowSegments::WindowSegments(const TicketWindow& window) {
    Names paths, types, tags;
    const std::size_t n = window.tickets.size();
    type_.reserve(n);
    path_.reserve(n);
    tag_begin_.reserve(n + 1);
    for (const storage::TicketRow& t : window.tickets) {
        path_.push_back(id_in(paths, t.contact_channel));
        type_.push_back(id_in(types, t.request_type));
        const std::size_t begin = tags_.size();
        tag_begin_.push_back(begin);
        for_each_tag(t.tags, [&](std::string_view name) {
            const int tag = tags.id(name);
            if (std::find(tags_.begin() + static_cast<std::ptrdiff_t>(begin), tags_.end(), tag) ==
                tags_.end()) {
                tags_.push_back(tag);
            }
        });
    }
    tag_begin_.push_back(tags_.size());
    // Dimensions in Segment order: all < channel < request_type < tag.
    segments_.push_back(kAllSegment);
    paths_ = paths.size();
    types_ = types.size();
    renumber(path_, paths.number("channel", segments_));
    renumber(type_, types.number("request_type", segments_));
    renumber(tags_, tags.number("tag", segments_));
}

std::vector<int> WindowSegments::top_tags(std::size_t begin, std::size_t end, std::size_t max,
                                          std::size_t min_tickets) const {
    std::vector<std::size_t> counts(segments_.size(), 0);
    for (std::size_t i = begin; i < end; ++i) {
        for (const int tag : tags_of(i)) ++counts[static_cast<std::size_t>(tag)];
    }
    std::vector<std::pair<int, std::size_t>> ranked;  // by id: by name
    for (std::size_t id = 0; id < counts.size(); ++id) {
        if (counts[id] > 0) ranked.emplace_back(static_cast<int>(id), counts[id]);
    }
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
    if (!is_tag(segment)) return false;
    const auto mine = tags_of(ticket);
    return std::find(mine.begin(), mine.end(), segment) != mine.end() &&
           std::find(tags.begin(), tags.end(), segment) != tags.end();
}

}  // namespace ritualbot::commands
