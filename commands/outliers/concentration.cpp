#include "commands/outliers/concentration.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "commands/outliers/format.hpp"

namespace ritualbot::commands {
namespace {

constexpr double kMinShare = 0.5;
constexpr std::size_t kMinEvents = 2;

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

}  // namespace

std::vector<std::string> ticket_tags(const storage::TicketRow& ticket) {
    std::vector<std::string> tags;
    if (!ticket.tags) return tags;
    std::string_view rest = *ticket.tags;
    while (true) {
        const auto end = rest.find(';');
        std::string tag = trim(rest.substr(0, end));
        if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) {
            tags.push_back(std::move(tag));
        }
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return tags;
}

std::optional<Concentration> concentration(const std::vector<const storage::TicketRow*>& day,
                                           const Segment& segment, const RateMetric& metric,
                                           double baseline_rate,
                                           const std::vector<std::string>& tags) {
    struct Part {
        std::size_t events = 0, tickets = 0;
    };
    std::map<Segment, Part> parts;
    double total_excess = 0;
    for (const storage::TicketRow* t : day) {
        const auto event = metric.event(*t);
        if (!event) continue;
        total_excess += (*event ? 1.0 : 0.0) - baseline_rate;
        std::vector<Segment> of;
        if (segment.dimension != "request_type" && t->request_type) {
            of.push_back({"request_type", *t->request_type});
        }
        if (segment.dimension != "channel" && t->contact_channel) {
            of.push_back({"channel", *t->contact_channel});
        }
        if (segment.dimension != "tag") {
            for (std::string& tag : ticket_tags(*t)) {
                if (std::find(tags.begin(), tags.end(), tag) != tags.end()) {
                    of.push_back({"tag", std::move(tag)});
                }
            }
        }
        for (const Segment& s : of) {
            Part& part = parts[s];
            ++part.tickets;
            part.events += *event ? 1 : 0;
        }
    }
    if (total_excess <= 0) return std::nullopt;
    std::optional<Concentration> best;
    for (const auto& [part_segment, part] : parts) {
        const double excess =
            static_cast<double>(part.events) - static_cast<double>(part.tickets) * baseline_rate;
        const double share = std::min(excess / total_excess, 1.0);
        if (part.events < kMinEvents || share < kMinShare) continue;
        if (!best || share > best->share) best = {part_segment, share, part.events, part.tickets};
    }
    return best;
}

std::string concentration_text(const Concentration& c) {
    const std::string where = c.part.dimension == "tag" ? "tagged " + c.part.value : c.part.value;
    return "; " + format_percent(c.share) + " of the excess is " + where + " (" +
           std::to_string(c.events) + " of " + std::to_string(c.tickets) + " " + where +
           " tickets)";
}

}  // namespace ritualbot::commands
