#!/bin/sh
# The lean Socket Mode table (issue 18): every client driven by the lean generator
# (lean_bench.cpp), 1 and 100 envelopes in flight, the median of RUNS runs (default 3) of
# ENVELOPES envelopes (default 10,000) each, after a 500-envelope warm-up:
#   ritualbot: /captain who with a 5-person roster, /suggest list with 5 suggestions,
#              /outliers on a kept digest (a day of 1,000 tickets), /ritual help; a ballot click (a vote added or taken back, with its
#              ephemeral answer and the ballot's edit queued in the outbox), 300 voters;
#   Bolt JS (bench/bolt/app.js, when npm could install @slack/bolt into BUILD_DIR/bolt):
#              /captain who, stateless;
#   the bare acking client, with an empty ack and with a reply as big as the bot's
#              /captain who answer.
# "client CPU" is the client process's utime+stime over the measured run, per 1,000
# envelopes (at 100 in flight). Called by bench/run.sh; runs alone as
# `bench/lean_run.sh BUILD_DIR [ENVELOPES]` once ritualbot, ritualbot_lean_bench and
# ritualbot_bare_ack_client are built there.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
envelopes=${2:-10000}
runs=${RUNS:-3}
lean="$build/bench/ritualbot_lean_bench"
bot="$build/bot/ritualbot"
bare="$build/bench/ritualbot_bare_ack_client"
bolt_modules="$build/bolt/node_modules"

roster='<@U0BENCH1|alice> <@U0BENCH2|bob> <@U0BENCH3|carol> <@U0BENCH4|dave> <@U0BENCH5|erin>'

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure WINDOW ARGS…: RUNS runs; prints "acks/s p99 cpu ack_bytes", each the median.
measure() {
    window=$1
    shift
    out="$work/runs"
    : >"$out"
    i=0
    while [ "$i" -lt "$runs" ]; do
        "$lean" --window "$window" --envelopes "$envelopes" "$@" 2>>"$work/stderr" >>"$out"
        i=$((i + 1))
    done
    printf '%s %s %s %s\n' "$(awk '{ print $4 }' "$out" | median)" \
        "$(awk '{ print $6 }' "$out" | median)" "$(awk '{ print $8 }' "$out" | median)" \
        "$(awk '{ print $10 }' "$out" | median)"
}

# row LABEL COMMAND ARGS…: one line of the table.
row() {
    label=$1
    command=$2
    shift 2
    one=$(measure 1 "$@")
    hundred=$(measure 100 "$@")
    printf '%-34s %-26s %9s %10s %8s %12s %8s\n' "$label" "$command" "${one%% *}" \
        "$(echo "$hundred" | cut -d' ' -f1)" "$(echo "$hundred" | cut -d' ' -f2)" \
        "$(echo "$hundred" | cut -d' ' -f3)" "$(echo "$hundred" | cut -d' ' -f4)"
    last_ack_bytes=$(echo "$hundred" | cut -d' ' -f4)
}

work=$(mktemp -d "${TMPDIR:-/tmp}/ritualbot-lean-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

printf '\nLean Socket Mode load: %s envelopes, median of %s runs\n' "$envelopes" "$runs"
printf '%-34s %-26s %9s %10s %8s %12s %8s\n' "client" "command" "acks/s@1" "acks/s@100" \
    "p99 ms" "CPU ms/1k" "ack B"
row "ritualbot" "/captain who (5 people)" --command /captain --text who \
    --setup "/captain add $roster" -- "$bot" run
captain_bytes=$last_ack_bytes
suggestions=""
for n in 1 2 3 4 5; do
    suggestions="$suggestions --setup \"/suggest add Idea number $n for the retro\""
done
eval row ritualbot "'/suggest list (5 ideas)'" --command /suggest --text list $suggestions \
    -- "\"$bot\"" run
# /outliers on a kept digest: a weekday of 1,000 tickets and its 41 days before (in 2020, so kept
# from retention), brought in with `ritualbot import`; the warm-up's first two envelopes build
# the digest (the second keeps it), every other envelope finds it kept.
"$build/bench/ritualbot_bench" csv "$work/tickets.csv" 42000 >/dev/null
RITUALBOT_DB="$work/outliers.db" "$bot" import --channel C0BENCH --file "$work/tickets.csv" \
    >/dev/null
RITUALBOT_TICKET_RETENTION_DAYS=36500 row "ritualbot" "/outliers, a kept digest" \
    --command /outliers --text 2020-02-11 --db "$work/outliers.db" -- "$bot" run
row "ritualbot" "/ritual help" --command /ritual --text help -- "$bot" run
eval row ritualbot "'a vote (300 voters)'" --vote 300 $suggestions --setup "'/suggest open'" \
    -- "\"$bot\"" run
if [ -d "$bolt_modules/@slack/bolt" ]; then
    NODE_PATH=$bolt_modules row "Bolt JS $(node -p "require('$bolt_modules/@slack/bolt/package.json').version")" \
        "/captain who, stateless" --command /captain --text who -- "$(command -v node)" \
        "$root/bench/bolt/app.js"
else
    echo "Bolt JS: not installed in $build/bolt (npm failed or is missing; see bench/run.sh)"
fi
row "bare acking client" "-" -- "$bare"
# The reply text is the ack's bytes less the envelope id and the JSON around the text.
reply_bytes=$((captain_bytes - 78))
RITUALBOT_BARE_REPLY_BYTES=$reply_bytes row "bare client, $captain_bytes-byte ack" "-" -- "$bare"

# Where the idle RSS lies: the bot after its setup and 1 s idle, beside the bare client.
printf '\nIdle RSS, KiB (/proc/PID/smaps after 1 s idle)\n'
breakdown() {
    "$lean" --rss-breakdown --window 1 --envelopes 100 --warmup 10 "$@" 2>>"$work/stderr" |
        sed 's/other libraries/other_libraries/' |
        awk '/^rss / { for (i = 2; i <= NF; i++) print $i }' | sort
}
breakdown --setup "/captain add $roster" -- "$bot" run >"$work/bot.rss"
breakdown -- "$bare" >"$work/bare.rss"
printf '%-20s %12s %12s\n' "part" "ritualbot" "bare client"
join -t= -a1 -e- -o 0,1.2,2.2 "$work/bot.rss" "$work/bare.rss" |
    awk -F= '{ printf "%-20s %12s %12s\n", $1, $2, $3 }'
grep -v '^lean bench: .*: ' "$work/stderr" >&2 || true
