#!/bin/sh
# Socket Mode load table (issue 8): `ritualbot run` and the bare acking client, each driven by
# the same generator through the emulator with 1, 10 and 100 envelopes in flight. Called by
# bench/run.sh after its build; runs alone as `bench/socket_run.sh BUILD_DIR [ENVELOPES]`
# once ritualbot, ritualbot_socket_bench and ritualbot_bare_ack_client are built there.
set -eu

build=$1
envelopes=${2:-20000}
bench="$build/bench/ritualbot_socket_bench"

printf '\n%-34s %9s %9s %9s %9s %10s %10s\n' "Socket Mode load ($envelopes x /ritual help)" \
    "acks/s" "p50 ms" "p99 ms" "max ms" "RSS idle" "RSS peak"
for window in 1 10 100; do
    for client in bot bare; do
        binary="$build/bot/ritualbot"
        label="ritualbot run"
        if [ "$client" = bare ]; then
            binary="$build/bench/ritualbot_bare_ack_client"
            label="bare acking client"
        fi
        "$bench" "$client" "$binary" "$window" "$envelopes" |
            while read -r _ w _ rate p50 p99 max idle peak; do
                printf '%-34s %9s %9s %9s %9s %6.1f MiB %6.1f MiB\n' "$label, $w in flight" \
                    "$rate" "$p50" "$p99" "$max" "$(echo "$idle" | awk '{ print $1 / 1024 }')" \
                    "$(echo "$peak" | awk '{ print $1 / 1024 }')"
            done
    done
done
