#!/bin/sh
# Builds the benchmarks in their own build directory (Release, -DRITUALBOT_BUILD_BENCH=ON), then
# prints their tables: CSV import rate against the sqlite3 shell's `.import` of the same file in
# the same run, into a table with the tickets table's columns and indexes; digest time by history
# length and by number of channels; the hot paths of one envelope (hot_path_bench.cpp); the
# helpdesk connector (`ritualbot sync` against the fake Zendesk, connector_bench.cpp); Socket
# Mode load, the bot beside a bare acking client
# (socket_run.sh), on the emulator; then the same on the lean generator, with a Bolt JS app as
# the reference peer (lean_run.sh); then the Friday vote storm (storm_bench.cpp). Bolt
# (@slack/bolt, pinned below) is installed with npm from the machine's configured registry into
# build-bench/bolt; without npm that row is skipped.
# Last, 1,000 channels whose change-over and digest share 09:00 (thousand_run.sh; its size from
# RITUALBOT_THOUSAND="CHANNELS DAYS PER_DAY", default "1000 365 100": a 6 GB database).
# After it, several instances on one database (cluster_run.sh: 1 on SQLite, 1, 2 and 3 on a
# throw-away PostgreSQL server that it starts with pg_virtualenv).
# Usage: bench/run.sh [rows…]   (default: 100000 1000000)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-bench"
work=$(mktemp -d "${TMPDIR:-/tmp}/ritualbot-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "Installing the sqlite3 shell (Debian package sqlite3) for the .import comparison"
    as_root=""
    [ "$(id -u)" -eq 0 ] || as_root="sudo"
    $as_root apt-get install -y -q --no-install-recommends sqlite3 >/dev/null
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRITUALBOT_BUILD_BENCH=ON \
    -DRITUALBOT_BUILD_TESTS=OFF >/dev/null
# -j1: the machines this runs on have two cores, shared.
ninja -C "$build" -j1 ritualbot_bench ritualbot_hot_path_bench ritualbot ritualbot_socket_bench \
    ritualbot_bare_ack_client ritualbot_lean_bench ritualbot_connector_bench \
    ritualbot_storm_bench ritualbot_thousand_bench >/dev/null
bolt_version=5.1.0
if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
    mkdir -p "$build/bolt"
    (cd "$build/bolt" && npm install --no-audit --no-fund --no-save --silent \
        "@slack/bolt@$bolt_version") || echo "npm could not install @slack/bolt@$bolt_version"
fi
bench="$build/bench/ritualbot_bench"

now() { date +%s.%N; }
# The shell imports into a table shaped like ours (migration 16): the file's columns with the
# tickets table's types, stored in (created_at, id) order with a unique index on id (ours:
# (channel, created_at, id) and (channel, id); the file has no crew channel, its `channel` is
# the contact path), so both sides maintain the same two B-trees.
shell_schema="CREATE TABLE tickets (id TEXT NOT NULL, created_at INTEGER NOT NULL,
    first_response_at INTEGER, resolved_at INTEGER, request_type TEXT, channel TEXT, agent TEXT,
    reopens INTEGER, escalated INTEGER, csat INTEGER,
    recontact INTEGER, checklist_skipped INTEGER, manual_retries INTEGER, tags TEXT,
    requester TEXT, source TEXT, escalated_at INTEGER, deflected INTEGER, repeat_info INTEGER,
    policy_exception INTEGER, PRIMARY KEY (created_at, id)) WITHOUT ROWID;
CREATE UNIQUE INDEX tickets_id ON tickets (id);"
rows_list=${*:-"100000 1000000"}

printf '\n%-34s %14s %14s %9s\n' "CSV import" "ritualbot/s" ".import/s" "ratio"
for rows in $rows_list; do
    csv="$work/tickets-$rows.csv"
    "$bench" csv "$csv" "$rows" >/dev/null
    ours=$("$bench" import "$work/ours.db" "$csv" | awk '{ for (i = 1; i < NF; i++) if ($i == "rows_per_s") print $(i + 1) }')
    rm -f "$work/shell.db"
    sqlite3 "$work/shell.db" "$shell_schema"
    start=$(now)
    sqlite3 -csv "$work/shell.db" ".import --skip 1 $csv tickets"
    end=$(now)
    shell=$(awk -v r="$rows" -v s="$start" -v e="$end" 'BEGIN { printf "%d", r / (e - s) }')
    ratio=$(awk -v a="$ours" -v b="$shell" 'BEGIN { printf "%.2f", a / b }')
    size=$(du -m "$csv" | cut -f1)
    printf '%-34s %14s %14s %9s\n' "$rows rows ($size MB)" "$ours" "$shell" "$ratio"
    rm -f "$csv" "$work/ours.db"* "$work/shell.db"
done

printf '\n%-44s %14s %14s\n' "Digest for one channel" "tickets in db" "median ms"
"$bench" digest "$work" | while read -r _ _ days _ channels _ per_day _ covers _ rows _ ms; do
    label="$days days history"
    [ "$channels" -gt 1 ] && label="$days days, $channels channels"
    [ "$per_day" -ne 30 ] && label="$days days, $per_day a weekday"
    [ "$covers" -gt 1 ] && label="$label, Monday of $covers dates"
    printf '%-44s %14s %14.2f\n' "$label" "$rows" "$ms"
done

printf '\n%-34s %14s %14s\n' "Hot path (one envelope)" "ns/op" "ops/s"
"$build/bench/ritualbot_hot_path_bench" "$work" | while read -r name _ ns rate; do
    printf '%-34s %14s %14s\n' "$name" "$ns" "$rate"
done

printf '\n%-34s %12s %10s %10s %12s\n' "Helpdesk connector (Zendesk)" "tickets/s" "seconds" "sync CPU s" "peak RSS MB"
"$build/bench/ritualbot_connector_bench" "$build/bot/ritualbot" "$work" 100000 |
    while read -r _ _ tickets _ pages _ seconds _ rate _ rss _ cpu; do
        printf '%-34s %12s %10s %10s %12s\n' "$tickets tickets, $pages pages" "$rate" "$seconds" "$cpu" "$rss"
    done

# Socket Mode load: the bot beside a bare acking client (bench/socket_run.sh).
"$root/bench/socket_run.sh" "$build"
# The same on the lean generator, with the Bolt JS reference peer (bench/lean_run.sh).
"$root/bench/lean_run.sh" "$build"

# The Friday 15:00 vote storm on the emulator with Slack's rate limits (storm_bench.cpp).
printf '\n%s\n' "Friday vote storm: 20 ballots, 300 people x 3 votes in 10 s"
"$build/bench/ritualbot_storm_bench" "$build/bot/ritualbot" 30
# 1,000 channels at 09:00 (bench/thousand_run.sh).
# shellcheck disable=SC2086 # the size is three words
"$root/bench/thousand_run.sh" "$build" ${RITUALBOT_THOUSAND:-1000 365 100}
# Several instances on one database, SQLite against PostgreSQL (bench/cluster_run.sh).
"$root/bench/cluster_run.sh" "$build"
