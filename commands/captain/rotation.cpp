#include "commands/captain/rotation.hpp"

#include <algorithm>
#include <limits>

namespace ritualbot::commands {

Rotation::Rotation(std::vector<storage::RosterMember> roster,
                   const std::vector<storage::ShiftRecord>& ledger,
                   const std::vector<storage::Override>& overrides)
    : roster_(std::move(roster)) {
    std::sort(roster_.begin(), roster_.end(),
              [](const auto& a, const auto& b) { return a.position < b.position; });
    for (const storage::ShiftRecord& shift : ledger) {
        ++served_[shift.user];
        pointer_ = shift.turn_position;
    }
    if (!ledger.empty()) last_position_ = position_of(ledger.back().user).value_or(pointer_);
    for (const storage::Override& rule : overrides) {
        const auto from = parse_iso_date(rule.from_date);
        const auto to = parse_iso_date(rule.to_date);
        if (!from || !to) continue;  // written by us, validated; a bad row must not stop a crew
        Rules& rules = rules_[rule.user];
        switch (rule.kind) {
            case storage::OverrideKind::skip:
                rules.skips.push_back(*from);
                break;
            case storage::OverrideKind::pin:
                rules.pins.push_back(*from);
                partners_[rule.user + "@" + rule.from_date] = rule.partner;
                break;
            case storage::OverrideKind::away:
                rules.aways.push_back({*from, *to});
                break;
        }
    }
}

bool Rotation::skipped(const std::string& user, const Slot& slot) const {
    const auto it = rules_.find(user);
    if (it == rules_.end()) return false;
    const auto& skips = it->second.skips;
    return std::find(skips.begin(), skips.end(), slot.start) != skips.end();
}

bool Rotation::away(const std::string& user, const Slot& slot) const {
    const auto it = rules_.find(user);
    if (it == rules_.end()) return false;
    return std::any_of(it->second.aways.begin(), it->second.aways.end(), [&](const Span& span) {
        return span.from <= slot.last_day && slot.start <= span.to;
    });
}

// A person who swapped into a later shift is held for it, or they might serve both.
bool Rotation::pinned_later(const std::string& user, const Slot& slot) const {
    const auto it = rules_.find(user);
    if (it == rules_.end()) return false;
    return std::any_of(it->second.pins.begin(), it->second.pins.end(),
                       [&](LocalDate pin) { return pin > slot.start; });
}

std::optional<std::int64_t> Rotation::position_of(const std::string& user) const {
    for (const auto& member : roster_) {
        if (member.user == user) return member.position;
    }
    return std::nullopt;
}

std::int64_t Rotation::counted(const storage::RosterMember& member) const {
    const auto it = served_.find(member.user);
    return member.credit + (it == served_.end() ? 0 : it->second);
}

std::optional<Pick> Rotation::pick(const Slot& slot) const {
    for (const storage::RosterMember& member : roster_) {
        const auto it = rules_.find(member.user);
        if (it == rules_.end()) continue;
        const auto& pins = it->second.pins;
        if (std::find(pins.begin(), pins.end(), slot.start) != pins.end() &&
            !skipped(member.user, slot) && !away(member.user, slot)) {
            const auto partner = partners_.find(member.user + "@" + format_date(slot.start));
            const auto turn =
                partner == partners_.end() ? std::nullopt : position_of(partner->second);
            return Pick{member.user, PickReason::pinned,      {},
                        "swap",      turn.value_or(pointer_), member.position};
        }
    }
    // Ranked by (count, cyclic distance after `from`); roster_ is in position order.
    const auto ranked = [&](std::int64_t from) {
        std::vector<const storage::RosterMember*> ranking;
        for (const auto& member : roster_) ranking.push_back(&member);
        const auto cyclic = [from](const storage::RosterMember* m) {
            return m->position > from
                       ? m->position - from
                       : m->position - from + std::numeric_limits<std::int32_t>::max();
        };
        std::stable_sort(ranking.begin(), ranking.end(), [&](const auto* a, const auto* b) {
            const auto ca = counted(*a), cb = counted(*b);
            return ca != cb ? ca < cb : cyclic(a) < cyclic(b);
        });
        return ranking;
    };
    const auto can_serve = [&](const storage::RosterMember& m) {
        return !skipped(m.user, slot) && !away(m.user, slot) && !pinned_later(m.user, slot);
    };
    const auto by_turn = ranked(pointer_);
    if (by_turn.empty()) return std::nullopt;
    const storage::RosterMember& turn = *by_turn.front();
    if (can_serve(turn)) {
        return Pick{turn.user, PickReason::in_turn, {}, {}, turn.position, turn.position};
    }
    const std::string why = skipped(turn.user, slot) ? "skip"
                            : away(turn.user, slot)  ? "away"
                                                     : "swap";
    for (const storage::RosterMember* candidate : ranked(last_position_)) {
        if (!can_serve(*candidate)) continue;
        return Pick{candidate->user, PickReason::covering, turn.user, why,
                    pointer_,        candidate->position};
    }
    return std::nullopt;
}

void Rotation::serve(const Pick& pick) {
    ++served_[pick.user];
    pointer_ = pick.turn_position;
    last_position_ = pick.position;
}

std::vector<Tally> Rotation::tallies() const {
    std::vector<Tally> out;
    for (const auto& member : roster_) {
        out.push_back({member.user, served_total(member.user), counted(member)});
    }
    return out;
}

std::int64_t Rotation::lowest_count() const {
    std::optional<std::int64_t> lowest;
    for (const auto& member : roster_) {
        const auto count = counted(member);
        if (!lowest || count < *lowest) lowest = count;
    }
    return lowest.value_or(0);
}

std::int64_t Rotation::served_total(const std::string& user) const {
    const auto it = served_.find(user);
    return it == served_.end() ? 0 : it->second;
}

}  // namespace ritualbot::commands
