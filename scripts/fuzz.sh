#!/bin/sh
# Builds the libFuzzer targets (tests/fuzz) with clang in their own build directory and runs
# each for SECONDS (default 60), seeded from the Slack fixtures. A crash leaves its input in
# build-fuzz/crashes/TARGET/; turn it into a regression test in the unit suite, then delete it.
# Usage: scripts/fuzz.sh [seconds] [target…]
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-fuzz"
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-"fuzz_tokenizer fuzz_envelope fuzz_csv_reader fuzz_ingest_json fuzz_config"}

if ! command -v clang++ >/dev/null 2>&1 ||
    ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
    echo "Installing clang and its fuzzer runtime (Debian clang, libclang-rt-14-dev)"
    as_root=""
    [ "$(id -u)" -eq 0 ] || as_root="sudo"
    $as_root apt-get install -y -q --no-install-recommends clang libclang-rt-14-dev >/dev/null ||
        $as_root apt-get install -y -q --no-install-recommends clang >/dev/null
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link \
    -DRITUALBOT_SANITIZE=ON -DRITUALBOT_BUILD_FUZZ=ON -DRITUALBOT_BUILD_TESTS=OFF >/dev/null
# -j1: the machines this runs on have two cores, shared.
ninja -C "$build" -j1 $targets

# Seeds: the Slack fixtures (whole files, and each JSON value on its own line of NDJSON-ish
# files) plus a few hand-written samples per target.
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/json" "$seeds/text" "$seeds/csv"
for dir in "$root/tests/fixtures/slack" "$root/../shared/slack-fixtures"; do
    [ -d "$dir" ] || continue
    find "$dir" -type f -name '*.json' -exec cp {} "$seeds/json/" \;
done
printf '%s' 'rotate @alice "next week" <@U123|bob> 2026-02-28 #refunds' >"$seeds/text/1"
printf '%s' 'add “curly quoted” text &amp; &lt;b&gt; 2026-02-30 42' >"$seeds/text/2"
printf 'id,created_at,tags\n1,2026-01-01T00:00:00Z,"a,b"\n2,2026-01-02,"x ""y"""\n' >"$seeds/csv/1"
printf '[{"id":"1","created_at":"2026-01-01T00:00:00Z","tags":["a"]}]' >"$seeds/json/ingest-1"
printf '{"app_token":"xapp-1", // comment\n "db":"/tmp/x.db","log":"info"}' >"$seeds/json/config-1"

status=0
for target in $targets; do
    case $target in
        fuzz_tokenizer) seed="$seeds/text" ;;
        fuzz_csv_reader) seed="$seeds/csv" ;;
        *) seed="$seeds/json" ;;
    esac
    corpus="$build/corpus/$target"
    crashes="$build/crashes/$target"
    mkdir -p "$corpus" "$crashes"
    echo "== $target for ${seconds}s"
    if ! "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "$seed" \
        >"$build/$target.log" 2>&1; then
        status=1
        echo "   FOUND A CRASH: $(ls "$crashes" | head -3)  (log: $build/$target.log)"
    fi
    grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$build/$target.log" |
        sed 's/^/   /' || true
done
exit $status
