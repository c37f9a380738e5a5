#!/bin/sh
# Several instances (issue 19): the lean generator (lean_bench.cpp) spreads envelopes at random
# over every websocket of N `ritualbot run` processes sharing one database, as Slack spreads
# them over an app's connections. Rows: 1 instance on SQLite, then 1, 2 and 3 instances on one
# PostgreSQL database, each instance with RITUALBOT_SOCKETS=2 (the default) and an HTTP
# listener of its own (127.0.0.1:0); two loads each: `/captain who` with a 5-person roster (a
# read) and a ballot click by 300 voters in turn (a write: the vote, its ephemeral answer and
# the ballot's edit in the outbox). Each figure is the median of RUNS runs (default 3) of
# ENVELOPES envelopes (default 5,000) after a 500-envelope warm-up, every run on a fresh
# database (for PostgreSQL: a new database, migrated by `ritualbot migrate` before the instances
# start, so that they do not race to create the schema). "CPU ms/1k" is the instances'
# utime+stime summed, over the measured run at 100 in flight, per 1,000 envelopes; the
# PostgreSQL server's own CPU is not in it.
# It starts its own throw-away PostgreSQL server (pg_virtualenv -t, from postgresql-common) and
# re-runs itself inside it. Called by bench/run.sh; runs alone as
# `bench/cluster_run.sh BUILD_DIR [ENVELOPES]` once ritualbot and ritualbot_lean_bench are built
# there.
set -eu

if [ -z "${RITUALBOT_CLUSTER_SERVER:-}" ]; then
    export RITUALBOT_CLUSTER_SERVER=1
    # The table goes to fd 3 (this stdout); pg_virtualenv's own lines (cluster created,
    # dropped) go to stderr.
    exec 3>&1
    # shellcheck disable=SC2016 # expanded by the inner sh
    exec pg_virtualenv -t sh -c '"$0" "$@" >&3' "$0" "$@" >&2
fi

build=$(cd "$1" && pwd)
envelopes=${2:-5000}
runs=${RUNS:-3}
sockets=2
lean="$build/bench/ritualbot_lean_bench"
bot="$build/bot/ritualbot"

roster='<@U0BENCH1|alice> <@U0BENCH2|bob> <@U0BENCH3|carol> <@U0BENCH4|dave> <@U0BENCH5|erin>'

# In the build directory: the first version's directory under /tmp vanished mid-run once on
# the shared machine (cause not found).
work=$(mktemp -d "$build/cluster-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
databases=0  # databases made so far; the newest is cluster_bench_$databases

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# fresh_database NAME: a new, migrated PostgreSQL database on the throw-away server; prints its
# URL (the server's password is in it: never printed to the terminal, and the server goes with
# the run).
fresh_database() {
    name=$1
    createdb "$name"
    url="postgresql://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$name"
    RITUALBOT_DB=$url "$bot" migrate >>"$work/migrate.log" 2>&1
    echo "$url"
}

# measure ENGINE INSTANCES WINDOW ARGS…: RUNS runs; prints "acks/s p99 cpu", each the median.
measure() {
    engine=$1
    instances=$2
    window=$3
    shift 3
    out="$work/runs"
    : >"$out"
    i=0
    while [ "$i" -lt "$runs" ]; do
        if [ "$engine" = postgresql ]; then
            databases=$((databases + 1))
            db=$(fresh_database "cluster_bench_$databases")
            set -- --db "$db" "$@"
        fi
        RITUALBOT_SOCKETS=$sockets "$lean" --instances "$instances" \
            --links $((instances * sockets)) --window "$window" --envelopes "$envelopes" \
            "$@" 2>>"$work/stderr" >>"$out" ||
            { echo "cluster bench: a run failed:" >&2; cat "$work/stderr" >&2; exit 1; }
        if [ "$engine" = postgresql ]; then
            shift 2
            dropdb "cluster_bench_$databases"
        fi
        i=$((i + 1))
    done
    printf '%s %s %s\n' "$(awk '{ print $4 }' "$out" | median)" \
        "$(awk '{ print $6 }' "$out" | median)" "$(awk '{ print $8 }' "$out" | median)"
}

# row ENGINE INSTANCES LABEL ARGS…: one line of the table.
row() {
    engine=$1
    instances=$2
    label=$3
    shift 3
    one=$(measure "$engine" "$instances" 1 "$@")
    hundred=$(measure "$engine" "$instances" 100 "$@")
    printf '%9s %-10s %-24s %9s %10s %9s %10s %10s\n' "$instances" "$engine" "$label" \
        "$(echo "$one" | cut -d' ' -f1)" "$(echo "$hundred" | cut -d' ' -f1)" \
        "$(echo "$one" | cut -d' ' -f2)" "$(echo "$hundred" | cut -d' ' -f2)" \
        "$(echo "$hundred" | cut -d' ' -f3)"
}

suggestions=""
for n in 1 2 3 4 5; do
    suggestions="$suggestions --setup \"/suggest add Idea number $n for the retro\""
done

printf '\nSeveral instances, one database: %s envelopes, median of %s runs, %s sockets each\n' \
    "$envelopes" "$runs" "$sockets"
printf '%9s %-10s %-24s %9s %10s %9s %10s %10s\n' "instances" "engine" "load" "acks/s@1" \
    "acks/s@100" "p99 ms@1" "p99 ms@100" "CPU ms/1k"
for config in "1 sqlite" "1 postgresql" "2 postgresql" "3 postgresql"; do
    instances=${config% *}
    engine=${config#* }
    row "$engine" "$instances" "/captain who (5 people)" --command /captain --text who \
        --setup "/captain add $roster" -- "$bot" run
    # shellcheck disable=SC2086 # the --setup options, quoted for eval
    eval row "$engine" "$instances" "'a vote (300 voters)'" --vote 300 $suggestions \
        --setup "'/suggest open'" -- "\"$bot\"" run
done
grep -v '^lean bench: .*: ' "$work/stderr" >&2 || true
