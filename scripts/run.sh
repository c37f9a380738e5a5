#!/bin/sh
# Builds ritualbot (Release) and runs it. Arguments are passed to the program and default to
# `run`, which needs SLACK_APP_TOKEN and SLACK_BOT_TOKEN; without them it explains how to get
# them.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DRITUALBOT_BUILD_TESTS=OFF >/dev/null
cmake --build build-release -j "$jobs" --target ritualbot
[ $# -eq 0 ] && set -- run
exec build-release/bot/ritualbot "$@"
