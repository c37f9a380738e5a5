#!/bin/sh
# Socket Mode load table (issue 8): `ritualbot run` and the bare acking client, each driven by
# the same generator through the emulator with 1, 10 and 100 envelopes in flight. A third row
# has the bare client reply with as many bytes of text as the bot's answer to `/ritual help`,
# which separates what that reply costs the generator from what the bot itself costs. Called
# by bench/run.sh after its build; runs alone as `bench/socket_run.sh BUILD_DIR [ENVELOPES]`
# once ritualbot, ritualbot_socket_bench and ritualbot_bare_ack_client are built there.
set -eu

build=$1
envelopes=${2:-20000}
bench="$build/bench/ritualbot_socket_bench"
bare="$build/bench/ritualbot_bare_ack_client"

row() {  # label, then the bench's output line
    echo "$2" | while read -r _ w _ rate p50 p99 max idle peak _; do
        printf '%-44s %9s %9s %9s %9s %6.1f MiB %6.1f MiB\n' "$1, $w in flight" "$rate" "$p50" \
            "$p99" "$max" "$(echo "$idle" | awk '{ print $1 / 1024 }')" \
            "$(echo "$peak" | awk '{ print $1 / 1024 }')"
    done
}

printf '\n%-44s %9s %9s %9s %9s %10s %10s\n' "Socket Mode load ($envelopes x /ritual help)" \
    "acks/s" "p50 ms" "p99 ms" "max ms" "RSS idle" "RSS peak"
for window in 1 10 100; do
    bot=$("$bench" bot "$build/bot/ritualbot" "$window" "$envelopes")
    row "ritualbot run" "$bot"
    row "bare acking client" "$("$bench" bare "$bare" "$window" "$envelopes")"
    reply_bytes=$(echo "$bot" | awk '{ print $10 }')
    row "bare client, $reply_bytes-byte reply" \
        "$(RITUALBOT_BARE_REPLY_BYTES=$reply_bytes "$bench" bare "$bare" "$window" "$envelopes")"
done
