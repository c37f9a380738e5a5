#!/bin/sh
# "1,000 channels at 09:00" (issue 18): fills a database with CHANNELS crews, each with a
# 5-person captain roster and DAYS days of PER_DAY tickets a day, change-over and digest both at
# 09:00, then runs `ritualbot run` against the emulator through that minute and prints the row
# (bench/thousand_channels_bench.cpp says what each figure means). The database goes in
# $TMPDIR (default /tmp) and is deleted afterwards; a year of 1,000 crews takes about 6 GB.
# Called by bench/run.sh after its build; runs alone as
# `bench/thousand_run.sh BUILD_DIR [CHANNELS] [DAYS] [PER_DAY]` (default 1000 365 100) once
# ritualbot and ritualbot_thousand_bench are built there.
set -eu

build=$1
channels=${2:-1000}
days=${3:-365}
per_day=${4:-100}
bench="$build/bench/ritualbot_thousand_bench"
work=$(mktemp -d "${TMPDIR:-/tmp}/ritualbot-thousand-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

needed_mb=$((channels * days * per_day / 6000 + 100))  # ~170 bytes a ticket, both B-trees
free_mb=$(df -Pm "$work" | awk 'NR == 2 { print $4 }')
if [ "$free_mb" -lt "$needed_mb" ]; then
    echo "thousand channels: $needed_mb MB needed in $work, $free_mb MB free; skipped" >&2
    exit 0
fi

fill=$("$bench" fill "$work/ritualbot.db" "$channels" "$days" "$per_day")
rows=$(echo "$fill" | awk '{ print $5 }')
fill_s=$(echo "$fill" | awk '{ print $7 }')
size=$(du -m "$work/ritualbot.db" | cut -f1)
out=$("$bench" run "$build/bot/ritualbot" "$work/ritualbot.db" "$channels")
echo "$out" | awk '$1 == "depth" { printf "%s s: %s  ", $2, $3 } END { print "" }' |
    fold -s -w 100 | sed 's/^/  outbox depth at /'
printf '\n%-30s %12s %10s %9s %8s %10s %6s %13s %8s\n' "Channels at 09:00" "tickets" \
    "compute s" "CPU s" "drain s" "max depth" "429s" "out of order" "failed"
echo "$out" | awk -v rows="$rows" -v days="$days" -v per_day="$per_day" '$1 == "run" {
    printf "%-30s %12s %10s %9s %8s %10s %6s %13s %8s\n", $3 " channels, " days " d x " per_day,
        rows, $11, $9, $13, $15, $17, $19 " (" $21 ")", $23 }'
echo "$out" | awk -v fill_s="$fill_s" -v size="$size" '$1 == "run" {
    print "  fill " fill_s " s (" size " MB); the bot idle before 09:00: " $25 " CPU s a second;"
    print "  a /ritual help pushed 0.5 s into the run acked after " $27 " s; out of order: posts"
    print "  sent while an older outbox row waited (in brackets: within one channel)" }'
