#!/bin/sh
# The sandbox in a real browser: headless Chromium (Debian's, installed with apt when missing
# and we are root) driven by playwright-core (installed with npm into WORK_DIR, a folder of
# the build directory, never into the repository). Exits 77, which CTest reports as skipped,
# when node, Chromium or playwright-core cannot be had (an offline machine), so CI stays green;
# every step has a time limit, so a hang fails instead of freezing CI.
# Usage: run_browser_test.sh RITUALBOT_BINARY WORK_DIR
set -u
skip=77
binary=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work" && work=$(cd "$work" && pwd)

if ! command -v node >/dev/null 2>&1; then
    echo "SKIP: node is not installed"
    exit $skip
fi

chromium=${RITUALBOT_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian's chromium (log: $work/apt.log)"
        export DEBIAN_FRONTEND=noninteractive
        timeout 900 apt-get install -y --no-install-recommends chromium >"$work/apt.log" 2>&1 ||
            { timeout 300 apt-get update >>"$work/apt.log" 2>&1 &&
              timeout 900 apt-get install -y --no-install-recommends chromium >>"$work/apt.log" 2>&1; }
    fi
    if [ ! -x "$chromium" ]; then
        echo "SKIP: no Chromium at $chromium and it could not be installed (see $work/apt.log)"
        exit $skip
    fi
fi

if [ ! -f "$work/node_modules/playwright-core/package.json" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "SKIP: npm is not installed, so playwright-core cannot be"
        exit $skip
    fi
    [ -f "$work/package.json" ] || echo '{ "private": true }' >"$work/package.json"
    echo "installing playwright-core into $work (log: $work/npm.log)"
    if ! (cd "$work" && timeout 300 npm install --no-audit --no-fund --no-save \
            playwright-core@1 >"$work/npm.log" 2>&1); then
        echo "SKIP: could not install playwright-core (see $work/npm.log)"
        exit $skip
    fi
fi

RITUALBOT_CHROMIUM=$chromium exec timeout 300 node "$here/sandbox_browser_test.mjs" "$binary" "$work"
