#!/bin/sh
# Builds the libFuzzer targets (tests/fuzz) with clang, ASan and UBSan in build-fuzz and runs
# each through CTest for SECONDS (default 60), mutating the seeds in tests/fuzz/seeds and
# tests/fixtures/slack. The test command runs it with a short smoke time. A crash fails that
# target's test and leaves its input in build-fuzz/crashes/TARGET/: turn it into a regression
# test in the unit suite, then delete it.
# Usage: scripts/fuzz.sh [seconds] [target…]
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-fuzz"
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-"fuzz_tokenizer fuzz_envelope fuzz_envelope_scanner fuzz_csv_reader fuzz_ingest_json fuzz_config"}

# libFuzzer ships with clang; Debian splits its runtime into libclang-rt-14-dev.
"$root/scripts/install-deps.sh" clang libclang-rt-14-dev

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link \
    -DRITUALBOT_SANITIZE=ON -DRITUALBOT_BUILD_FUZZ=ON -DRITUALBOT_BUILD_TESTS=OFF \
    -DRITUALBOT_FUZZ_SMOKE_SECONDS="$seconds" >/dev/null
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2
# shellcheck disable=SC2086
cmake --build "$build" -j "$jobs" --target $targets

# One target at a time, each on a core for its SECONDS. libFuzzer's final stats (executions,
# new units) are in build-fuzz/Testing/Temporary/LastTest.log.
pattern=$(echo "$targets" | sed 's/ /$|^fuzz_smoke./g')
ctest --test-dir "$build" --output-on-failure -R "^fuzz_smoke.$pattern\$"
