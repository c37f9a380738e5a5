#include "bot/sandbox/seed.hpp"

#include "commands/channel/people.hpp"
#include "commands/command_table.hpp"
#include "commands/incidents/interactions.hpp"
#include "commands/schedule/local_time.hpp"
#include "commands/schedule/scheduler.hpp"
#include "commands/ticket_data/generator.hpp"
#include "commands/ticket_data/importer.hpp"
#include "storage/database.hpp"
#include "storage/incidents.hpp"

#include <sstream>

namespace ritualbot::bot::sandbox {
namespace {

// Four months of tickets: the quarterly review ("Next quarter's review" on the page) compares the
// quarter that is ending with the one before, and 120 days reach at least four weeks into that
// one whatever the day the sandbox starts.
constexpr int kSeededTicketDays = 120;

using emulator::kCrewChannel;
using emulator::Person;

// Ideas a support crew actually raises; one a working day for the past month.
constexpr const char* kIdeas[] = {
    "Macro for the refund-status question #billing",
    "Pin the outage runbook in the channel topic #incidents",
    "Tag tickets that needed a manual retry so we can count them",
    "Checklist step: confirm the customer's plan before escalating",
    "Weekly 15-minute review of reopened tickets",
    "Auto-reply with the status page link during incidents",
    "Shared saved search for tickets waiting on engineering",
    "Template for handing off a ticket across time zones",
    "Ask for the browser version up front on login problems #login",
    "Rotate who triages the overnight queue",
    "Add the known-issues page to the first response macro",
    "Track first response separately for chat and email",
};

// The crew's playbook: the procedures its ideas name (`#billing`, …), each with a purpose.
constexpr const char* kProcedures[] = {
    "add billing — Refunds, invoices and plan changes",
    "segment billing request_type=billing",
    "add incidents — What we do when the product is down",
    "add login — Helping people back into their account",
    "segment login request_type=login",
};

class SeedClock final : public commands::Clock {
public:
    explicit SeedClock(std::chrono::system_clock::time_point t) : now_(t) {}
    std::chrono::system_clock::time_point now() const override { return now_; }
    std::chrono::system_clock::time_point now_;
};

// The sandbox's people as users.info describes them (emulator/workspace.hpp), for the
// commands the seed runs in the past, when the bot was not yet asking Slack.
class SeedPeople final : public commands::PeopleDirectory {
public:
    explicit SeedPeople(const emulator::Workspace& workspace) : workspace_(workspace) {}

    std::optional<commands::Member> member(const std::string& user) const override {
        const Person* person = workspace_.person(user);
        if (person == nullptr) return std::nullopt;
        using emulator::Role;
        return commands::Member{
            person->id, person->role == Role::owner || person->role == Role::admin,
            person->role == Role::guest || person->role == Role::single_channel_guest,
            !person->team_id.empty() && person->team_id != workspace_.team_id};
    }
    std::optional<std::vector<std::string>> usergroup_members(
        const std::string& usergroup) const override {
        for (const auto& group : workspace_.usergroups)
            if (group.id == usergroup) return group.members;
        return std::nullopt;
    }
    const std::vector<std::string>& listed_admins() const override { return kNone; }
    std::vector<std::string> known_workspace_admins() const override { return {}; }

private:
    static inline const std::vector<std::string> kNone{};
    const emulator::Workspace& workspace_;
};

// Runs one command as `user` would, in its own transaction like the bot's router; the posts
// it asks for are dropped (this is the past).
std::string run_command(storage::Database& db, const commands::CommandTable& table,
                        SeedClock& clock, const SeedPeople& people, const std::string& command,
                        const std::string& text, const std::string& user) {
    commands::Context context{&db, clock, &people};
    const commands::Request request{command, text, kCrewChannel, user, "T0FAKE"};
    storage::Transaction transaction(db);
    commands::Reply reply = table.dispatch(request, context);
    transaction.commit();
    return reply.text;
}

bool looks_refused(const std::string& reply) {
    for (const char* word : {"Usage", "usage", "not ", "Sorry", "unknown", "can't", "cannot"}) {
        if (reply.find(word) != std::string::npos) return true;
    }
    return false;
}

}  // namespace

SeedReport seed_sandbox(storage::Database& db, const emulator::Workspace& workspace,
                        std::chrono::system_clock::time_point now) {
    SeedReport report;
    const commands::CommandTable table = commands::make_command_table();
    SeedClock clock(now);
    const SeedPeople people(workspace);
    const std::string admin = workspace.people.front().id;  // the workspace's owner

    if (table.find("/captain")) {
        std::string mentions;
        for (const Person& person : workspace.people)
            mentions += "<@" + person.id + "|" + person.handle + "> ";
        const std::string added =
            run_command(db, table, clock, people, "/captain", "add " + mentions, admin);
        if (looks_refused(added)) report.notes.push_back("/captain add: " + added);
        const std::string zone = run_command(db, table, clock, people, "/ritual",
                                             std::string("config set tz ") + kSandboxZone, admin);
        if (looks_refused(zone)) report.notes.push_back("/ritual config set tz: " + zone);
        report.roster = workspace.people.size();
    }

    if (table.find("/playbook")) {
        // The procedures the seeded ideas name, added a month and a half ago; billing's changed
        // two weeks ago, so its scorecard shows the change against its indicators.
        clock.now_ = now - std::chrono::days{45};
        for (const char* entry : kProcedures) {
            const std::string reply = run_command(db, table, clock, people, "/playbook", entry, admin);
            if (looks_refused(reply)) report.notes.push_back("/playbook: " + reply);
        }
        clock.now_ = now - std::chrono::days{14};
        const std::string changed = run_command(
            db, table, clock, people, "/playbook",
            "changed billing Refund status macro links the invoice page", admin);
        if (looks_refused(changed)) report.notes.push_back("/playbook changed: " + changed);
        clock.now_ = now;
    }

    if (table.find("/suggest")) {
        const auto today = std::chrono::floor<std::chrono::days>(now);
        std::size_t n = 0;
        for (int back = 30; back >= 1; --back) {
            const auto day = today - std::chrono::days{back};
            const date::weekday weekday{date::sys_days{day.time_since_epoch()}};
            if (weekday == date::Saturday || weekday == date::Sunday) continue;
            clock.now_ = day + std::chrono::hours{10};
            const Person& by = workspace.people[n % workspace.people.size()];
            const std::string reply =
                run_command(db, table, clock, people, "/suggest", kIdeas[n % std::size(kIdeas)], by.id);
            if (looks_refused(reply))
                report.notes.push_back("/suggest: " + reply);
            else
                ++report.suggestions;
            ++n;
        }
        clock.now_ = now;
    }

    if (table.find("/incident")) {
        // One review, drafted and noted by two people a week ago and published: the crew sees
        // a finished review, its countermeasure among the improvements.
        clock.now_ = now - std::chrono::days{7};
        const std::string second = workspace.people[1 % workspace.people.size()].id;
        commands::Context context{&db, clock, &people};
        storage::Transaction transaction(db);
        const commands::FormOutcome saved = commands::incidents::submit_review(
            {kCrewChannel, 0, admin,
             {"Refund confirmations sent twice",
              "A retry in the billing export re-sent refund confirmation emails for two hours.",
              "09:40 First ticket about a double email\n10:05 Export retries spotted\n"
              "11:45 Retries paused, duplicates stopped",
              "The export retried on a timeout that had in fact succeeded.",
              "About 120 customers, 34 tickets, 2 hours.",
              "The retry had run quietly for months; nothing showed it could send twice.",
              "Check for an earlier confirmation before sending one #billing"}},
            context);
        transaction.commit();
        if (!saved.errors.empty()) report.notes.push_back("incident review: " + saved.errors.begin()->second);
        clock.now_ += std::chrono::hours{1};
        const auto drafts = storage::Incidents(db).drafts(kCrewChannel);
        const std::string id = drafts.empty() ? "0" : std::to_string(drafts.back().id);
        for (const auto& [user, text] :
             {std::pair{second, "note " + id + " Macro for affected customers posted"},
              std::pair{admin, "publish " + id}}) {
            const std::string reply = run_command(db, table, clock, people, "/incident", text, user);
            if (looks_refused(reply)) report.notes.push_back("/incident: " + reply);
        }
        clock.now_ = now;
    }

    if (auto zone = commands::find_zone(kSandboxZone)) {
        const auto today =
            commands::local_date_of(*zone, std::chrono::floor<std::chrono::seconds>(now));
        commands::GeneratorOptions options;
        options.seed = 42;
        options.days = kSeededTicketDays;
        options.zone = *zone;
        options.first_day = std::chrono::year_month_day{
            std::chrono::sys_days{(today - date::days{kSeededTicketDays}).time_since_epoch()}};
        const commands::SyntheticTickets synthetic = commands::generate_tickets(options);
        std::stringstream csv;
        commands::write_tickets_csv(csv, synthetic.tickets);
        const commands::ImportReport imported = commands::import_tickets_csv(db, kCrewChannel, csv);
        report.tickets = imported.accepted;
        if (!imported.rejected.empty())
            report.notes.push_back(std::to_string(imported.rejected.size()) + " tickets rejected");
    }
    // The seeded month is history, not missed work: the crew starts with nothing owed.
    commands::Context context{&db, clock};
    commands::make_scheduler().settle_past_runs(context);
    return report;
}

}  // namespace ritualbot::bot::sandbox
