#pragma once
// The segments of a window's tickets as small integer ids, worked out once per window: the
// digest tests every date of a range on the same window, and building each ticket's segments
// as strings for every test cost most of a digest (bench/README.md). Ids follow the order of
// Segment (dimension, then value), so walking them in id order is walking a std::map<Segment>.
// Internal to commands/outliers. Holds views into the window's tickets: the window must outlive
// it. Not thread-safe; a plain value owned by one digest build.

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "commands/outliers/metrics.hpp"

namespace ritualbot::commands {

class WindowSegments {
public:
    explicit WindowSegments(const TicketWindow& window);

    std::size_t size() const { return segments_.size(); }
    const Segment& segment(int id) const { return segments_[static_cast<std::size_t>(id)]; }
    static constexpr int kAll = 0;  // the whole crew

    // The ticket's request type and contact path segments, or -1 where it has none.
    int type_of(std::size_t ticket) const { return type_[ticket]; }
    int path_of(std::size_t ticket) const { return path_[ticket]; }
    // Request type × contact path pairs as dense indices 0 .. pair_count() − 1.
    std::size_t pair_count() const { return types_ * paths_; }
    std::size_t pair_of(int type, int path) const {
        return static_cast<std::size_t>(type - first_type()) * paths_ +
               static_cast<std::size_t>(path - kAll - 1);
    }
    // The ticket's tag segments, each once.
    std::span<const int> tags_of(std::size_t ticket) const {
        return {tags_.data() + tag_begin_[ticket], tag_begin_[ticket + 1] - tag_begin_[ticket]};
    }

    // The `max` most frequent tags among tickets [begin, end) with at least `min_tickets` each,
    // most frequent first, ties by name (as top_tags in concentration.hpp).
    std::vector<int> top_tags(std::size_t begin, std::size_t end, std::size_t max,
                              std::size_t min_tickets) const;

    bool is_tag(int segment) const { return segment >= first_type() + static_cast<int>(types_); }

    // Whether the ticket is in the segment; a tag segment counts only when in `tags`.
    bool contains(std::size_t ticket, int segment, std::span<const int> tags) const;

private:
    int first_type() const { return kAll + 1 + static_cast<int>(paths_); }

    std::vector<Segment> segments_;
    std::size_t paths_ = 0, types_ = 0;  // ids: all, then the paths, the types, the tags
    std::vector<int> type_, path_;
    std::vector<int> tags_;
    std::vector<std::size_t> tag_begin_;  // per ticket, into tags_; one more at the end
};

}  // namespace ritualbot::commands
