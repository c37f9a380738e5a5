#!/bin/sh
# Builds ritualbot and runs every test through CTest, in three build directories:
#   build-test  Debug with -Werror: unit, end-to-end and operations tests;
#   build-asan  the same suite built with AddressSanitizer and UBSan (any report fails a test);
#   build-fuzz  each libFuzzer target for a short smoke run (clang; scripts/fuzz.sh).
# RITUALBOT_TEST_QUICK=1 runs only the first, for a quick loop while developing.
set -eu
cd "$(dirname "$0")/.."
# PostgreSQL 15 and pg_virtualenv: the PostgreSQL cases run against a throw-away server.
scripts/install-deps.sh postgresql postgresql-common
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2

# Debug: the quickest build of the Beast translation units, and the best failure reports.
suite() {
    dir=$1
    shift
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRITUALBOT_BUILD_TESTS=ON "$@"
    cmake --build "$dir" -j "$jobs"
}

# The benchmarks are compiled (not run) so that they keep building.
suite build-test -DRITUALBOT_WERROR=ON -DRITUALBOT_BUILD_BENCH=ON
# CTest inside a throw-away PostgreSQL server: pg_virtualenv sets the PG* variables the
# PostgreSQL cases connect with. If the server cannot start, the run fails: those cases are
# never skipped.
pg_virtualenv -t ctest --test-dir build-test --output-on-failure --timeout 300 -j "$jobs"
[ "${RITUALBOT_TEST_QUICK:-0}" = 1 ] && exit 0

echo "== The suite again under AddressSanitizer and UBSan"
# -g1 (line tables only): reports keep file:line; a Beast translation unit compiles ~14% faster
# than with full -g (66 s against 57 s for socket_connection.cpp under ASan).
suite build-asan -DRITUALBOT_SANITIZE=ON -DCMAKE_CXX_FLAGS_DEBUG=-g1
UBSAN_OPTIONS=print_stacktrace=1 LSAN_OPTIONS="suppressions=$PWD/tests/lsan-suppressions.txt" \
    pg_virtualenv -t ctest --test-dir build-asan --output-on-failure --timeout 600 -j "$jobs"

echo "== Fuzz targets, a short smoke run each"
scripts/fuzz.sh 15
