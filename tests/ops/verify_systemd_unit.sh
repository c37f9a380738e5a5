#!/bin/sh
# Checks config/ritualbot.service with systemd-analyze, pointing ExecStart at the binary just
# built (the unit names the installed path). Exits 77 (skipped) where systemd-analyze is absent.
set -eu
binary=$1
unit=$2
command -v systemd-analyze >/dev/null 2>&1 || { echo "systemd-analyze not installed: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -e "s|^ExecStart=/usr/local/bin/ritualbot|ExecStart=$binary|" \
    -e "s|^EnvironmentFile=|EnvironmentFile=-|" "$unit" >"$work/ritualbot.service"
output=$(systemd-analyze verify "$work/ritualbot.service" 2>&1) || { echo "$output"; exit 1; }
# verify also reports problems as warnings without failing; any line about our unit is one.
if echo "$output" | grep -q "ritualbot.service"; then
    echo "$output"
    exit 1
fi
echo "ritualbot.service verified"
