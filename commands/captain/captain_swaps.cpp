// `/captain swap @a @b` and the answers to the requests it sends. A swap moves two people's next
// shifts: an admin's applies at once; anyone else's waits until each person whose shift it
// moves, other than whoever asked, accepts in a DM. One decline cancels it, and a swap whose
// shifts changed meanwhile (a skip, a roster change, a shift that started) is not applied.

#include <algorithm>
#include <charconv>

#include "commands/captain/captain_handlers.hpp"
#include "commands/captain/captain_swaps.hpp"
#include "commands/channel/admins.hpp"
#include "commands/channel/audit.hpp"
#include "commands/clock.hpp"
#include "commands/render/swap_blocks.hpp"
#include "commands/replies.hpp"
#include "storage/captain_overrides.hpp"
#include "storage/captain_swaps.hpp"

namespace ritualbot::commands::captain {
namespace {

bool on_roster(const CaptainPlan& plan, const std::string& user) {
    return std::any_of(plan.roster().begin(), plan.roster().end(),
                       [&](const storage::RosterMember& m) { return m.user == user; });
}

std::string question_key(std::int64_t id, const std::string& user) {
    return std::string("captain-swap:").append(std::to_string(id)).append(":").append(user);
}

// The planned shift on `date` when `user` still captains it and it has not started.
const PlannedShift* still_theirs(const Projection& projection, const std::string& date,
                                 const std::string& user, std::chrono::sys_seconds now_s) {
    const auto day = parse_iso_date(date);
    const PlannedShift* shift = day ? shift_on(projection, *day) : nullptr;
    if (shift == nullptr || !shift->pick || shift->pick->user != user || shift->starts_at <= now_s)
        return nullptr;
    return shift;
}

// Pins b on a's shift and a on b's; returns the channel's announcement.
std::string apply_swap(storage::Database& db, const Request& request, const CaptainPlan& plan,
                       const storage::SwapRequest& swap, const PlannedShift& shift_a,
                       const PlannedShift& shift_b, std::int64_t now) {
    const std::string &a = swap.user_a, &b = swap.user_b;
    storage::CaptainOverrides overrides(db);
    overrides.add(swap.channel, {0, storage::OverrideKind::pin, b, swap.date_a, swap.date_a, a,
                                 "swap with " + mention(a), swap.requester, now});
    overrides.add(swap.channel, {0, storage::OverrideKind::pin, a, swap.date_b, swap.date_b, b,
                                 "swap with " + mention(b), swap.requester, now});
    audit(db, request, "captain.swap", a + " " + swap.date_a + " <-> " + b + " " + swap.date_b,
          now);
    return "Swapped: " + mention(b) + " takes " + shift_label(plan, shift_a) + " and " +
           mention(a) + " takes " + shift_label(plan, shift_b) + ".";
}

std::string question_text(const CaptainPlan& plan, const storage::SwapRequest& swap,
                          const PlannedShift& shift_a, const PlannedShift& shift_b,
                          const std::string& asked) {
    const bool is_a = asked == swap.user_a;
    const PlannedShift& yours = is_a ? shift_a : shift_b;
    const PlannedShift& theirs = is_a ? shift_b : shift_a;
    const std::string& other = is_a ? swap.user_b : swap.user_a;
    std::string text =
        mention(swap.requester) + " asks to swap captain shifts in <#" + swap.channel + ">: ";
    text += "you would take " + shift_label(plan, theirs) + " instead of " +
            shift_label(plan, yours) + ", and " +
            (other == swap.requester ? std::string("they") : mention(other)) + " would take " +
            shift_label(plan, yours) + ". Do you accept?";
    return text;
}

}  // namespace

Reply swap(const Request& request, const Args& args, Context& context) {
    if (args.tokens.size() != 2 || args.tokens[0].kind != TokenKind::user ||
        args.tokens[1].kind != TokenKind::user) {
        return usage_error(args, "Mention the two people whose next shifts to exchange.");
    }
    const std::string a = args.tokens[0].value, b = args.tokens[1].value;
    if (a == b) return usage_error(args, "Mention two different people.");
    return apply_change(request, context, [&](storage::Database& db, std::int64_t now) {
        const CaptainPlan plan = CaptainPlan::load(db, request.channel_id);
        for (const std::string& user : {a, b}) {
            if (!on_roster(plan, user)) {
                return unchanged(ephemeral_reply(mention(user) + " is not on the captain roster."));
            }
        }
        const Projection projection = plan.project(now_seconds(context.clock), kLookAheadShifts);
        const PlannedShift* shift_a = next_shift_of(projection, a, false);
        const PlannedShift* shift_b = next_shift_of(projection, b, false);
        if (shift_a == nullptr || shift_b == nullptr) {
            return unchanged(ephemeral_reply(mention(shift_a == nullptr ? a : b) +
                                             " has no upcoming shift to exchange."));
        }
        storage::SwapRequest swap{0,
                                  request.channel_id,
                                  request.user_id,
                                  a,
                                  format_date(shift_a->slot.start),
                                  b,
                                  format_date(shift_b->slot.start),
                                  request.user_id != a,
                                  request.user_id != b};
        swap.created_at = now;
        if (is_admin(context, request.channel_id, request.user_id).value_or(false)) {
            return committed(
                channel_reply(apply_swap(db, request, plan, swap, *shift_a, *shift_b, now)));
        }
        swap.id = storage::CaptainSwaps(db).add(swap);
        audit(db, request, "captain.swap_asked",
              a + " " + swap.date_a + " <-> " + b + " " + swap.date_b, now);
        Reply reply;
        std::string asked;
        for (const std::string& user : {a, b}) {
            if (user == request.user_id) continue;
            const std::string question = question_text(plan, swap, *shift_a, *shift_b, user);
            Post post{user, question};
            post.blocks = render::swap_question_blocks(question, swap.id);
            post.key = question_key(swap.id, user);
            reply.effects.posts.push_back(std::move(post));
            asked += (asked.empty() ? "" : " and ") + mention(user);
        }
        reply.text = "I asked " + asked +
                     " to accept the swap in a DM; I will tell you when they answer. (An admin's "
                     "swap needs nobody's consent.)";
        return committed(std::move(reply));
    });
}

Effects answer_swap(const SwapAnswer& answer, Context& context) {
    Effects effects;
    const auto tell = [&](const std::string& user, std::string text) {
        effects.posts.push_back(Post{user, std::move(text)});
    };
    std::int64_t id = 0;
    const auto [end, ec] =
        std::from_chars(answer.value.data(), answer.value.data() + answer.value.size(), id);
    if (context.db == nullptr || ec != std::errc() ||
        end != answer.value.data() + answer.value.size())
        return effects;
    const auto found = storage::CaptainSwaps(*context.db).find(id);
    if (!found) return effects;
    const storage::SwapRequest swap = *found;
    const bool asked = (answer.user == swap.user_a && swap.pending_a) ||
                       (answer.user == swap.user_b && swap.pending_b);
    if (swap.state != "pending" || !asked) {
        tell(answer.user,
             "That swap request is not waiting for your answer (it is settled, or you answered); "
             "nothing changed.");
        return effects;
    }
    const Request request{"/captain", "swap", swap.channel, answer.user, ""};
    const auto settle = [&](std::string outcome, std::string question_note) {
        effects.updates.push_back(
            MessageUpdate{answer.dm_channel, question_key(swap.id, answer.user), question_note,
                          render::swap_answered_blocks(question_note, outcome)});
    };
    apply_change(request, context, [&](storage::Database& db, std::int64_t now) {
        storage::CaptainSwaps swaps(db);
        const std::string what = "the captain swap of " + mention(swap.user_a) + " (" +
                                 swap.date_a + ") and " + mention(swap.user_b) + " (" +
                                 swap.date_b + ")";
        if (!answer.accept) {
            swaps.finish(swap.id, "declined", now);
            audit(db, request, "captain.swap_declined", std::to_string(swap.id), now);
            settle("You declined; nothing changed.", "You were asked about " + what + ".");
            tell(swap.requester, mention(answer.user) + " declined " + what + "; nothing changed.");
            return committed({});
        }
        swaps.set_answered(swap.id, answer.user);
        audit(db, request, "captain.swap_accepted", std::to_string(swap.id), now);
        const bool waiting = (answer.user != swap.user_a && swap.pending_a) ||
                             (answer.user != swap.user_b && swap.pending_b);
        if (waiting) {
            const std::string other = answer.user == swap.user_a ? swap.user_b : swap.user_a;
            settle("You accepted; waiting for " + mention(other) + ".",
                   "You were asked about " + what + ".");
            return committed({});
        }
        const CaptainPlan plan = CaptainPlan::load(db, swap.channel);
        const auto now_s = now_seconds(context.clock);
        const Projection projection = plan.project(now_s, kLookAheadShifts);
        const PlannedShift* shift_a = still_theirs(projection, swap.date_a, swap.user_a, now_s);
        const PlannedShift* shift_b = still_theirs(projection, swap.date_b, swap.user_b, now_s);
        if (shift_a == nullptr || shift_b == nullptr) {
            swaps.finish(swap.id, "stale", now);
            const std::string stale = "The shifts changed since " + what +
                                      " was asked for (a skip, a roster change or a shift "
                                      "that started), so it was not applied; ask again.";
            settle(stale, "You were asked about " + what + ".");
            tell(swap.requester, stale);
            return committed({});
        }
        const std::string announcement =
            apply_swap(db, request, plan, swap, *shift_a, *shift_b, now);
        swaps.finish(swap.id, "applied", now);
        settle("You accepted. " + announcement, "You were asked about " + what + ".");
        effects.posts.push_back(Post{swap.channel, announcement});
        tell(swap.requester, mention(answer.user) + " accepted. " + announcement);
        return committed({});
    });
    return effects;
}

}  // namespace ritualbot::commands::captain
