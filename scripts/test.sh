#!/bin/sh
# Builds ritualbot with its tests and runs every test (unit and end-to-end) through CTest.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2
# Debug: the quickest build of the Beast translation units, and the best failure reports.
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRITUALBOT_BUILD_TESTS=ON -DRITUALBOT_WERROR=ON
cmake --build build-test -j "$jobs"
ctest --test-dir build-test --output-on-failure --timeout 300 -j "$jobs"
