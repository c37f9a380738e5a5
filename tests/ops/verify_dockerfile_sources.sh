#!/bin/sh
# Replays the Dockerfile's build stage as far as the sources go, without a container engine:
# copies into an empty /src stand-in only what the stage COPYs from the build context, then
# configures with the cmake options of its RUN line and asks Ninja (dry run) whether the
# ritualbot target has every input. A folder the CMakeLists read but the image left out fails
# here. scripts/check-dockerfile.sh replays the whole image where root and debootstrap exist.
set -eu
root=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/src"
# The build stage's `COPY SRC DEST` lines (not those copying --from another stage).
awk '$1 == "FROM" { build = ($NF == "build") ; next }
     build && $1 == "COPY" && $2 !~ /^--/ { print $2, $3 }' "$root/Dockerfile" >"$work/copies"
[ -s "$work/copies" ] || { echo "no COPY in the Dockerfile's build stage"; exit 1; }
while read -r from to; do
    case $to in
        */ | .) cp -R "$root/$from" "$work/src/" ;;
        *) cp -R "$root/$from" "$work/src/$to" ;;
    esac
done <"$work/copies"
options=$(sed -n 's/.*cmake -S \. -B build \([^&]*\)&&.*/\1/p' "$root/Dockerfile")
[ -n "$options" ] || { echo "no 'cmake -S . -B build' in the Dockerfile"; exit 1; }
# shellcheck disable=SC2086
if ! cmake -S "$work/src" -B "$work/build" $options >"$work/configure.log" 2>&1; then
    cat "$work/configure.log"
    exit 1
fi
cmake --build "$work/build" --target ritualbot -- -n >"$work/build.log" 2>&1 ||
    { tail -20 "$work/build.log"; exit 1; }
echo "the Dockerfile's build stage has every source the ritualbot target needs"
