#pragma once

// Incident reviews of a channel: a blameless review written as a draft (anyone in the channel
// may edit it) until it is published, the timeline notes several people add to it, and who
// contributed. Text fields are plain, as typed in the form (not escaped); a note's text is as
// Slack sent it (escaped). Threading: like the Database it holds a reference to, one thread
// only.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ritualbot::storage {

// What the review form holds: the template's fields.
struct IncidentFields {
    std::string title;
    std::string summary;          // what happened
    std::string timeline;         // lines "HH:MM event"
    std::string factors;          // contributing factors
    std::string impact;           // customers, tickets, duration
    std::string hindsight;        // what was reasonable to know at the time
    std::string countermeasures;  // one per line
};

struct Incident {
    std::int64_t id = 0;  // shown to people as #id
    std::string channel;
    IncidentFields fields;
    bool published = false;
    std::string created_by;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::string published_by;       // empty while a draft
    std::int64_t published_at = 0;  // 0 while a draft
};

struct IncidentNote {
    std::int64_t id = 0;
    std::int64_t incident_id = 0;
    std::string text;        // as Slack sent it (escaped)
    std::string author;      // who wrote the words (a shortcut's message author)
    std::string added_by;    // who added them to the timeline
    std::string local_time;  // HH:MM in the channel's zone, when it was said
    std::string permalink;   // the message's; empty for `/incident note`
    std::int64_t at = 0;     // unix ms, when it was said
};

class Incidents {
public:
    explicit Incidents(Database& db) : db_(db) {}

    std::int64_t add(const Incident& incident);  // a draft; returns the new id
    std::optional<Incident> find(std::int64_t id);
    // False, changing nothing, when the incident is published (or missing).
    bool update_draft(std::int64_t id, const IncidentFields& fields, std::int64_t now_ms);
    // False, changing nothing, when it was published already.
    bool publish(std::int64_t id, const std::string& by, std::int64_t now_ms);
    // The channel's drafts, oldest first: the reviews still to be finished.
    std::vector<Incident> drafts(const std::string& channel);
    // The channel's incidents, newest first, at most `limit`.
    std::vector<Incident> latest(const std::string& channel, std::size_t limit);

    void add_note(const IncidentNote& note);
    std::vector<IncidentNote> notes(std::int64_t incident_id);  // in the order they were said

    // Records a contribution; the first one of each person is kept.
    void add_contributor(std::int64_t incident_id, const std::string& user, std::int64_t now_ms);
    std::vector<std::string> contributors(std::int64_t incident_id);  // first contribution first

    // The improvements its countermeasures became (their suggestion ids), in line order.
    std::vector<std::int64_t> improvements(std::int64_t incident_id);

private:
    Database& db_;
};

// Whether people want to be thanked by name in the bot's posts (`/ritual me thanks on|off`).
class MemberPreferences {
public:
    explicit MemberPreferences(Database& db) : db_(db) {}

    bool thanks(const std::string& user);  // true unless they opted out
    void set_thanks(const std::string& user, bool on, std::int64_t now_ms);

private:
    Database& db_;
};

}  // namespace ritualbot::storage
