#!/bin/sh
# Builds ritualbot (Release) and runs it. Arguments are passed to the program and default to
# `run`, which needs SLACK_APP_TOKEN and SLACK_BOT_TOKEN. When `run` is asked for and neither
# token is set (nor a RITUALBOT_CONFIG file that could hold them), it runs `ritualbot sandbox`
# instead: the real bot against a local Slack in the browser, no Slack app needed.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DRITUALBOT_BUILD_TESTS=OFF >/dev/null
cmake --build build-release -j "$jobs" --target ritualbot
[ $# -eq 0 ] && set -- run
if [ "$1" = run ] && [ $# -eq 1 ] && [ -z "${SLACK_APP_TOKEN:-}" ] && [ -z "${SLACK_BOT_TOKEN:-}" ] &&
    [ -z "${RITUALBOT_CONFIG:-}" ]; then
    echo "No SLACK_APP_TOKEN or SLACK_BOT_TOKEN set: starting the sandbox (a local Slack in your"
    echo "browser, running the real bot). Set both tokens to connect to your Slack workspace instead."
    set -- sandbox
fi
exec build-release/bot/ritualbot "$@"
