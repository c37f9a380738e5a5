#include "storage/migrations.hpp"

namespace ritualbot::storage {
namespace {

// Times are unix milliseconds. outbox.payload is the JSON of the Web API arguments.
constexpr Migration kMigrations[] = {
    {1, "outbox and processed events", R"sql(
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    method TEXT NOT NULL,
    payload TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    posted_ts TEXT,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX outbox_channel_state_id ON outbox (channel, state, id);

CREATE TABLE processed_events (
    event_id TEXT PRIMARY KEY,
    seen_at INTEGER NOT NULL
);
CREATE INDEX processed_events_seen_at ON processed_events (seen_at);
)sql"},
    // Channel settings, admins and the audit log serve every ritual; scheduled_runs makes a
    // scheduled run happen at most once per (ritual, channel, local date); captain_* is the
    // rotating captain. Local dates are YYYY-MM-DD in the channel's time zone. working_days is a
    // bit mask, bit 0 Monday .. bit 6 Sunday.
    {2, "channel settings, admins, audit log, scheduled runs, captain rotation", R"sql(
CREATE TABLE channel_settings (
    channel TEXT PRIMARY KEY,
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    working_days INTEGER NOT NULL DEFAULT 31 CHECK (working_days BETWEEN 1 AND 127),
    captain_period TEXT NOT NULL DEFAULT 'daily' CHECK (captain_period IN ('daily', 'weekly')),
    changeover_minute INTEGER NOT NULL DEFAULT 540 CHECK (changeover_minute BETWEEN 0 AND 1439),
    usergroup TEXT,
    updated_at INTEGER NOT NULL
);

CREATE TABLE channel_admins (
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (channel, user_id)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX audit_log_channel_id ON audit_log (channel, id);

CREATE TABLE scheduled_runs (
    ritual TEXT NOT NULL,
    channel TEXT NOT NULL,
    local_date TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('fired', 'skipped')),
    fire_at INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (ritual, channel, local_date)
);

CREATE TABLE captain_rotation (
    channel TEXT PRIMARY KEY,
    started_at INTEGER NOT NULL,
    epoch_date TEXT NOT NULL,
    handoff_text TEXT,
    handoff_by TEXT,
    handoff_at INTEGER
);

CREATE TABLE captain_roster (
    channel TEXT NOT NULL,
    user_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    credit INTEGER NOT NULL,
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (channel, user_id)
);

CREATE TABLE captain_shifts (
    channel TEXT NOT NULL,
    start_date TEXT NOT NULL,
    user_id TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    turn_position INTEGER NOT NULL,
    PRIMARY KEY (channel, start_date)
);

CREATE TABLE captain_overrides (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('skip', 'pin', 'away')),
    user_id TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    partner TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX captain_overrides_channel ON captain_overrides (channel, from_date);

CREATE TABLE captain_holidays (
    channel TEXT NOT NULL,
    date TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (channel, date)
);
)sql"},
    // Tickets and the outlier digest. tickets is keyed (channel, id) so a re-import upserts;
    // its NULLs mean "the source does not have this", never zero. The (channel, created_at)
    // index keeps a digest's cost proportional to its window, not the history. requester_hash
    // is a keyed hash (the key lives in ticket_hash_key, random per database): never the raw
    // requester. outlier_records keeps the ids digests hand out; investigations the acks.
    {3, "tickets, outlier records, investigations", R"sql(
CREATE TABLE tickets (
    channel TEXT NOT NULL,
    id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    first_response_at INTEGER,
    resolved_at INTEGER,
    request_type TEXT,
    contact_channel TEXT,
    agent TEXT,
    reopens INTEGER,
    escalated INTEGER,
    csat INTEGER CHECK (csat BETWEEN 1 AND 5),
    recontact INTEGER,
    checklist_skipped INTEGER,
    manual_retries INTEGER,
    tags TEXT,
    requester_hash INTEGER,
    source TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (channel, id)
) WITHOUT ROWID;
CREATE INDEX tickets_channel_created ON tickets (channel, created_at);

CREATE TABLE ticket_hash_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key BLOB NOT NULL
);
INSERT INTO ticket_hash_key (id, key) VALUES (1, randomblob(16));

CREATE TABLE outlier_records (
    channel TEXT NOT NULL,
    id TEXT NOT NULL,
    digest_date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('ticket', 'rate', 'drift')),
    metric TEXT NOT NULL,
    dimension TEXT NOT NULL,
    segment TEXT NOT NULL,
    why TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (channel, id),
    UNIQUE (channel, digest_date, kind, metric, dimension, segment)
);

CREATE TABLE investigations (
    channel TEXT NOT NULL,
    outlier_id TEXT NOT NULL,
    metric TEXT NOT NULL,
    dimension TEXT NOT NULL,
    segment TEXT NOT NULL,
    owner TEXT NOT NULL,
    cause TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    closed_at INTEGER,
    close_note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (channel, outlier_id)
);
CREATE INDEX investigations_open ON investigations (channel, closed_at);
)sql"},
    // update_of: for chat.update rows, the idempotency key of the post they edit (its ts is
    // known only once that post is sent); a newer update replaces a pending older one.
    {4, "outbox updates of earlier posts", R"sql(
ALTER TABLE outbox ADD COLUMN update_of TEXT;
CREATE INDEX outbox_update_of ON outbox (update_of, state);
)sql"},
    // The Friday suggestion ritual. A channel has at most one collecting and one voting round
    // (the partial unique indexes); a vote is one row per (round, suggestion, voter). Weekdays
    // are ISO (1 Monday .. 7 Sunday); minutes are after local midnight. improvements share the
    // id of the suggestion that won. suggestions.author is kept for anonymous suggestions too,
    // only so their author can withdraw them.
    {5, "suggestion rounds, votes and improvements", R"sql(
CREATE TABLE suggestion_settings (
    channel TEXT PRIMARY KEY,
    votes_per_person INTEGER NOT NULL DEFAULT 3 CHECK (votes_per_person BETWEEN 1 AND 20),
    live_tallies INTEGER NOT NULL DEFAULT 0 CHECK (live_tallies IN (0, 1)),
    call_weekday INTEGER NOT NULL DEFAULT 5 CHECK (call_weekday BETWEEN 1 AND 7),
    call_minute INTEGER NOT NULL DEFAULT 600 CHECK (call_minute BETWEEN 0 AND 1439),
    open_weekday INTEGER NOT NULL DEFAULT 5 CHECK (open_weekday BETWEEN 1 AND 7),
    open_minute INTEGER NOT NULL DEFAULT 900 CHECK (open_minute BETWEEN 0 AND 1439),
    close_weekday INTEGER NOT NULL DEFAULT 1 CHECK (close_weekday BETWEEN 1 AND 7),
    close_minute INTEGER NOT NULL DEFAULT 600 CHECK (close_minute BETWEEN 0 AND 1439),
    due_days INTEGER NOT NULL DEFAULT 7 CHECK (due_days BETWEEN 1 AND 90),
    enrolled_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE suggestion_rounds (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    number INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('collecting', 'voting', 'closed')),
    created_at INTEGER NOT NULL,
    opened_at INTEGER,
    closed_at INTEGER,
    UNIQUE (channel, number)
);
CREATE UNIQUE INDEX suggestion_rounds_collecting ON suggestion_rounds (channel)
    WHERE state = 'collecting';
CREATE UNIQUE INDEX suggestion_rounds_voting ON suggestion_rounds (channel)
    WHERE state = 'voting';

CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    round_id INTEGER NOT NULL REFERENCES suggestion_rounds (id),
    author TEXT NOT NULL,
    anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    text TEXT NOT NULL,
    procedure TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'withdrawn', 'won', 'lost')),
    created_at INTEGER NOT NULL
);
CREATE INDEX suggestions_round ON suggestions (round_id, state);
CREATE INDEX suggestions_channel ON suggestions (channel, procedure);

CREATE TABLE suggestion_votes (
    round_id INTEGER NOT NULL REFERENCES suggestion_rounds (id),
    suggestion_id INTEGER NOT NULL REFERENCES suggestions (id),
    voter TEXT NOT NULL,
    voted_at INTEGER NOT NULL,
    UNIQUE (round_id, suggestion_id, voter)
);
CREATE INDEX suggestion_votes_voter ON suggestion_votes (round_id, voter);

CREATE TABLE improvements (
    suggestion_id INTEGER PRIMARY KEY REFERENCES suggestions (id),
    channel TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT NOT NULL,
    metric TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    done_at INTEGER,
    done_date TEXT,
    done_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX improvements_channel ON improvements (channel, done_at);
)sql"},
    // Per-channel settings of the outlier digest. digest_minute NULL: 15 minutes after the
    // captain change-over, so the digest reaches the captain whose shift has begun.
    // An investigation may now be opened with an owner and no cause ('') and get its cause
    // later: cause_at is when the cause was recorded (NULL while there is none).
    {6, "outlier digest settings, causes recorded after the owner", R"sql(
CREATE TABLE outlier_settings (
    channel TEXT PRIMARY KEY,
    digest_minute INTEGER CHECK (digest_minute BETWEEN 0 AND 1439),
    updated_at INTEGER NOT NULL
);
ALTER TABLE investigations ADD COLUMN cause_at INTEGER;
UPDATE investigations SET cause_at = opened_at WHERE cause <> '';
)sql"},
    // One place for a channel's settings: setting_changes is who last changed each setting
    // key and when (backfilled from the audit rows of the per-ritual config commands);
    // channel_settings.metric is the crew's one customer-centric metric. A channel in
    // channel_pauses has left the rituals (`/ritual leave`, or the bot was removed): nothing
    // is scheduled or posted there until it comes back; its data stays.
    {7, "setting changes, crew metric, paused channels", R"sql(
CREATE TABLE setting_changes (
    channel TEXT NOT NULL,
    key TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    PRIMARY KEY (channel, key)
);
INSERT INTO setting_changes (channel, key, changed_by, changed_at)
SELECT channel, key, actor, MAX(at) FROM (
    SELECT channel, actor, at, CASE action
        WHEN 'captain.config.tz' THEN 'tz'
        WHEN 'outliers.config.time' THEN 'digest.time'
        ELSE replace(replace(action, 'captain.config.', 'captain.'), 'suggest.config.', 'suggest.')
    END AS key
    FROM audit_log
    WHERE action LIKE 'captain.config.%' OR action LIKE 'suggest.config.%'
        OR action = 'outliers.config.time')
GROUP BY channel, key;

ALTER TABLE channel_settings ADD COLUMN metric TEXT NOT NULL DEFAULT 'resolution';

CREATE TABLE channel_pauses (
    channel TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    paused_by TEXT NOT NULL,
    paused_at INTEGER NOT NULL
);
)sql"},
    // The post-release signals: four ticket columns (NULL: the source does not have them), and
    // per channel the ticket tag that marks each flag when the source has no such column, and
    // the contact path the crew counts as self-service (a ticket by it was deflected).
    {8, "post-release signal columns and their channel mappings", R"sql(
ALTER TABLE tickets ADD COLUMN escalated_at INTEGER;
ALTER TABLE tickets ADD COLUMN deflected INTEGER;
ALTER TABLE tickets ADD COLUMN repeat_info INTEGER;
ALTER TABLE tickets ADD COLUMN policy_exception INTEGER;
ALTER TABLE outlier_settings ADD COLUMN repeat_info_tag TEXT;
ALTER TABLE outlier_settings ADD COLUMN policy_exception_tag TEXT;
ALTER TABLE outlier_settings ADD COLUMN selfservice_path TEXT;
)sql"},
    // Helpdesk connectors: one row per (channel, helpdesk). cursor is where the next poll
    // resumes (Zendesk: the export's after_cursor; Freshdesk: the updated_since time and page),
    // written in the same transaction as the page it follows, so a restart neither repeats nor
    // skips. csat_cursor: Freshdesk's satisfaction ratings, read separately. backfill_done_at
    // NULL: the first sync (from backfill_from) is still under way. spacing_ms NULL: the
    // helpdesk's documented rate limit.
    {9, "helpdesk sources and their sync state", R"sql(
CREATE TABLE helpdesk_sources (
    channel TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('zendesk', 'freshdesk')),
    base_url TEXT NOT NULL,
    request_type_rule TEXT NOT NULL DEFAULT '',
    spacing_ms INTEGER CHECK (spacing_ms >= 0),
    cursor TEXT,
    csat_cursor TEXT,
    backfill_from INTEGER NOT NULL,
    backfill_done_at INTEGER,
    backfill_tickets INTEGER NOT NULL DEFAULT 0,
    tickets_seen INTEGER NOT NULL DEFAULT 0,
    last_success_at INTEGER,
    last_error TEXT NOT NULL DEFAULT '',
    next_poll_at INTEGER NOT NULL DEFAULT 0,
    added_by TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (channel, kind)
);
CREATE INDEX helpdesk_sources_due ON helpdesk_sources (next_poll_at);
)sql"},
    // The playbook: a channel's procedures (SOPs), each with its history and the customer voice
    // tagged to it. A name is unique per channel among procedures not retired (name_key is its
    // lower case); a retired procedure keeps its id, so what linked to it still does. Anything
    // that concerns a procedure names it by id: suggestions (and so their improvements),
    // investigations, voices, and later incident countermeasures. local_date is the channel's
    // date of the change, what before/after checks and trend pictures mark.
    {10, "playbook procedures, their history and customer voice", R"sql(
CREATE TABLE procedures (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    segment_dimension TEXT NOT NULL DEFAULT 'all'
        CHECK (segment_dimension IN ('all', 'request_type', 'channel', 'tag')),
    segment_value TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER
);
CREATE UNIQUE INDEX procedures_active_name ON procedures (channel, name_key)
    WHERE retired_at IS NULL;

CREATE TABLE procedure_history (
    id INTEGER PRIMARY KEY,
    procedure_id INTEGER NOT NULL REFERENCES procedures (id),
    channel TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('added', 'changed', 'renamed', 'owner', 'link',
                                       'segment', 'retired')),
    detail TEXT NOT NULL,
    by_user TEXT NOT NULL,
    local_date TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX procedure_history_procedure ON procedure_history (procedure_id, id);

CREATE TABLE customer_voices (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    procedure_id INTEGER NOT NULL REFERENCES procedures (id),
    text TEXT NOT NULL,
    permalink TEXT NOT NULL DEFAULT '',
    added_by TEXT NOT NULL,
    added_at INTEGER NOT NULL
);
CREATE INDEX customer_voices_procedure ON customer_voices (procedure_id, id);

ALTER TABLE suggestions ADD COLUMN procedure_id INTEGER REFERENCES procedures (id);
ALTER TABLE investigations ADD COLUMN procedure_id INTEGER REFERENCES procedures (id);
)sql"},
    // What Slack last said about a member's standing (users.info), so a restart during a Slack
    // outage still knows who the workspace admins and guests are; and the captain swaps that
    // wait for the people whose shifts they move. Each pending_* is 1 while that person has
    // not answered yet.
    {11, "slack members' roles, captain swap requests", R"sql(
CREATE TABLE slack_members (
    user_id TEXT PRIMARY KEY,
    workspace_admin INTEGER NOT NULL CHECK (workspace_admin IN (0, 1)),
    guest INTEGER NOT NULL CHECK (guest IN (0, 1)),
    external INTEGER NOT NULL CHECK (external IN (0, 1)),
    checked_at INTEGER NOT NULL
);

CREATE TABLE captain_swap_requests (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    requester TEXT NOT NULL,
    user_a TEXT NOT NULL,
    date_a TEXT NOT NULL,
    user_b TEXT NOT NULL,
    date_b TEXT NOT NULL,
    pending_a INTEGER NOT NULL CHECK (pending_a IN (0, 1)),
    pending_b INTEGER NOT NULL CHECK (pending_b IN (0, 1)),
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'applied', 'declined', 'stale')),
    created_at INTEGER NOT NULL,
    answered_at INTEGER
);
)sql"},
    // Incident reviews: a draft (state 'draft') anyone in the channel edits until it is
    // published; its timeline notes added by several people; who contributed (created, edited
    // or added a note), first contribution first. A countermeasure becomes an improvement when
    // its incident is published: a suggestion row (state 'won', never on a ballot) that names
    // the incident, and its improvement. member_preferences.thanks = 0: the person asked not to
    // be thanked by name (`/ritual me thanks off`).
    {12, "incident reviews, their notes and contributors, member preferences", R"sql(
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    timeline TEXT NOT NULL DEFAULT '',
    factors TEXT NOT NULL DEFAULT '',
    impact TEXT NOT NULL DEFAULT '',
    hindsight TEXT NOT NULL DEFAULT '',
    countermeasures TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published')),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    published_by TEXT NOT NULL DEFAULT '',
    published_at INTEGER
);
CREATE INDEX incidents_channel ON incidents (channel, state, id);

CREATE TABLE incident_notes (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    added_by TEXT NOT NULL,
    local_time TEXT NOT NULL,
    permalink TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX incident_notes_incident ON incident_notes (incident_id, at, id);

CREATE TABLE incident_contributors (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    user_id TEXT NOT NULL,
    first_at INTEGER NOT NULL,
    PRIMARY KEY (incident_id, user_id)
);

CREATE TABLE member_preferences (
    user_id TEXT PRIMARY KEY,
    thanks INTEGER NOT NULL DEFAULT 1 CHECK (thanks IN (0, 1)),
    updated_at INTEGER NOT NULL
);

ALTER TABLE suggestions ADD COLUMN incident_id INTEGER REFERENCES incidents (id);
)sql"},
    // Where each person last used the bot (a channel, never a DM), so a command typed in a DM
    // can act on their crew; and procedures marked for update (`/playbook mark`), which the
    // captain's handoff lists until the change is recorded. update_wanted is NULL when the
    // procedure is not marked, else the note ('' without one).
    {13, "where people last used the bot, procedures marked for update", R"sql(
CREATE TABLE last_channel_used (
    user_id TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    used_at INTEGER NOT NULL
);

ALTER TABLE procedures ADD COLUMN update_wanted TEXT;
ALTER TABLE procedures ADD COLUMN update_wanted_by TEXT;
)sql"},
    // The envelope path (issue 18). A voter's votes: the voter index gains suggestion_id, so
    // "which suggestions has this person voted for" is answered from the index alone, in
    // order; without it SQLite's planner preferred the covering unique index and scanned the
    // whole round. The outbox's unfinished rows: the sender looks for each channel's oldest
    // one after every write, and through (channel, state, id) that read every row kept for
    // 30 days after it was sent (5 ms at 100,000 of them, 0.2 ms through this index).
    {14, "covering voter index, unfinished outbox rows", R"sql(
DROP INDEX suggestion_votes_voter;
CREATE INDEX suggestion_votes_by_voter ON suggestion_votes (round_id, voter, suggestion_id);
CREATE INDEX outbox_unfinished ON outbox (channel, state, id)
    WHERE state IN ('pending', 'sending');
)sql"},
    // The weekly review's day and time per channel (`/ritual config set review.time fri 11:00`);
    // NULL: Friday 11:00 in the channel's zone.
    {15, "weekly review time", R"sql(
ALTER TABLE outlier_settings ADD COLUMN review_weekday INTEGER CHECK (review_weekday BETWEEN 1 AND 7);
ALTER TABLE outlier_settings ADD COLUMN review_minute INTEGER CHECK (review_minute BETWEEN 0 AND 1439);
)sql"},
    // The tickets table rebuilt in digest order: keyed (channel, created_at, id), a digest's
    // window is one range scan of the table itself instead of an index seek per ticket (bench/
    // README.md, issue 14). (channel, id) stays unique through its own index, the upsert's
    // conflict target. Every column, constraint and row is copied, in key order (the old
    // (channel, created_at) index already holds that order), so the copy appends.
    {16, "tickets stored in (channel, created_at, id) order", R"sql(
CREATE TABLE tickets_by_time (
    channel TEXT NOT NULL,
    id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    first_response_at INTEGER,
    resolved_at INTEGER,
    request_type TEXT,
    contact_channel TEXT,
    agent TEXT,
    reopens INTEGER,
    escalated INTEGER,
    csat INTEGER CHECK (csat BETWEEN 1 AND 5),
    recontact INTEGER,
    checklist_skipped INTEGER,
    manual_retries INTEGER,
    tags TEXT,
    requester_hash INTEGER,
    source TEXT,
    updated_at INTEGER NOT NULL,
    escalated_at INTEGER,
    deflected INTEGER,
    repeat_info INTEGER,
    policy_exception INTEGER,
    PRIMARY KEY (channel, created_at, id)
) WITHOUT ROWID;
INSERT INTO tickets_by_time
SELECT channel, id, created_at, first_response_at, resolved_at, request_type, contact_channel,
       agent, reopens, escalated, csat, recontact, checklist_skipped, manual_retries, tags,
       requester_hash, source, updated_at, escalated_at, deflected, repeat_info, policy_exception
FROM tickets ORDER BY channel, created_at, id;
DROP TABLE tickets;
ALTER TABLE tickets_by_time RENAME TO tickets;
CREATE UNIQUE INDEX tickets_channel_id ON tickets (channel, id);
)sql"},
    // Leases for work one instance at a time does when several share the database: a channel's
    // outbox ('outbox:<channel>'), a helpdesk source's poller ('connector:<channel>:<kind>').
    // holder names a process (host, pid, random); epoch grows each time the holder changes and
    // fences a holder that lost the lease without noticing. Plain SQL PostgreSQL also accepts.
    {17, "leases for several instances on one database", R"sql(
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    epoch BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
)sql"},
    // The quarterly review's day and time per channel (`/ritual config set review.quarter mon
    // 11:00`): the first such day of each quarter. NULL: the first Monday at the weekly review's
    // time of day, in the channel's zone.
    {18, "quarterly review time", R"sql(
ALTER TABLE outlier_settings ADD COLUMN quarter_weekday INTEGER CHECK (quarter_weekday BETWEEN 1 AND 7);
ALTER TABLE outlier_settings ADD COLUMN quarter_minute INTEGER CHECK (quarter_minute BETWEEN 0 AND 1439);
)sql"},
    // What the digest reads, counted per channel once `/outliers` has been used there: each
    // change to a channel's tickets, investigations, digest settings or channel settings adds
    // one to its revision (the triggers, so no write path can forget it). `/outliers` keeps the
    // text it answered with at the revision it read first; a text of another revision is never
    // shown (storage/digest_texts.hpp). An UPDATE, not an upsert: half the cost per imported
    // ticket (bench/README.md).
    {19, "the digest's inputs revision, digest texts kept per revision", R"sql(
CREATE TABLE digest_inputs (
    channel TEXT PRIMARY KEY,
    revision INTEGER NOT NULL
);
CREATE TABLE digest_texts (
    channel TEXT NOT NULL,
    day TEXT NOT NULL,
    request_type TEXT NOT NULL,
    revision INTEGER NOT NULL,
    text TEXT NOT NULL,
    stored_at INTEGER NOT NULL,
    PRIMARY KEY (channel, day, request_type)
);
CREATE TRIGGER tickets_insert_digest_input AFTER INSERT ON tickets BEGIN
    UPDATE digest_inputs SET revision = revision + 1 WHERE channel = NEW.channel;
END;
CREATE TRIGGER tickets_update_digest_input AFTER UPDATE ON tickets BEGIN
    UPDATE digest_inputs SET revision = revision + 1 WHERE channel = NEW.channel;
END;
CREATE TRIGGER tickets_delete_digest_input AFTER DELETE ON tickets BEGIN
    UPDATE digest_inputs SET revision = revision + 1 WHERE channel = OLD.channel;
END;
CREATE TRIGGER investigations_insert_digest_input AFTER INSERT ON investigations BEGIN
    UPDATE digest_inputs SET revision = revision + 1 WHERE channel = NEW.channel;
END;
CREATE TRIGGER investigations_update_digest_input AFTER UPDATE ON investigations BEGIN
    UPDATE digest_inputs SET revision = revision + 1 WHERE channel = NEW.channel;
END;
CREATE TRIGGER investigations_delete_digest_input AFTER DELETE ON investigations BEGIN
    UPDATE digest_inputs SET revision = revision + 1 WHERE channel = OLD.channel;
END;
CREATE TRIGGER outlier_settings_insert_digest_input AFTER INSERT ON outlier_settings BEGIN
    UPDATE digest_inputs SET revision = revision + 1 WHERE channel = NEW.channel;
END;
CREATE TRIGGER outlier_settings_update_digest_input AFTER UPDATE ON outlier_settings BEGIN
    UPDATE digest_inputs SET revision = revision + 1 WHERE channel = NEW.channel;
END;
CREATE TRIGGER outlier_settings_delete_digest_input AFTER DELETE ON outlier_settings BEGIN
    UPDATE digest_inputs SET revision = revision + 1 WHERE channel = OLD.channel;
END;
CREATE TRIGGER channel_settings_insert_digest_input AFTER INSERT ON channel_settings BEGIN
    UPDATE digest_inputs SET revision = revision + 1 WHERE channel = NEW.channel;
END;
CREATE TRIGGER channel_settings_update_digest_input AFTER UPDATE ON channel_settings BEGIN
    UPDATE digest_inputs SET revision = revision + 1 WHERE channel = NEW.channel;
END;
CREATE TRIGGER channel_settings_delete_digest_input AFTER DELETE ON channel_settings BEGIN
    UPDATE digest_inputs SET revision = revision + 1 WHERE channel = OLD.channel;
END;
)sql"},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace ritualbot::storage
