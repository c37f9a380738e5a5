#!/bin/sh
# Installs the Debian bookworm packages ritualbot builds with (plus any named as arguments),
# skipping those already present. Needs root (or sudo) only when something is missing.
set -eu

packages="g++ cmake ninja-build libboost1.81-dev libssl-dev nlohmann-json3-dev \
libsqlitecpp-dev libsqlite3-dev libcairo2-dev pkg-config catch2 libhowardhinnant-date-dev tzdata \
ca-certificates libpqxx-dev $*"

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "Installing missing Debian packages:$missing"
as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -q
# shellcheck disable=SC2086
$as_root apt-get install -y -q --no-install-recommends $missing
