#!/bin/bash
# Replays the Dockerfile's two stages in clean Debian bookworm roots made with debootstrap, since
# no Docker engine runs on our machines: FROM makes a fresh root (cached under $ROOTS), RUN runs
# in a chroot, COPY copies from the source tree (or, with --from, from the build stage), ENV,
# WORKDIR and USER are applied to the RUN steps that follow. At the end the runtime root runs
# `ritualbot --help`, `ritualbot manifest` and `ritualbot migrate` as the image's user.
# Needs root and Debian packages debootstrap (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
ROOTS=${ROOTS:-/var/tmp/ritualbot-debootstrap}

# The Debian mirror this machine's apt already uses for bookworm (never a hard-coded host):
# deb822 `.sources` stanzas and one-line `.list` entries under /etc/apt.
configured_mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        # One stanza per paragraph; print the first URI of a stanza whose Suites name bookworm.
        awk 'BEGIN { RS = ""; FS = "\n" }
             {
                 uri = ""; suite = 0
                 for (i = 1; i <= NF; i++) {
                     if ($i ~ /^URIs:/) { split($i, u, /[ \t]+/); uri = u[2] }
                     if ($i ~ /^Suites:/ && $i ~ /[ \t]bookworm([ \t]|$)/) suite = 1
                 }
                 if (uri != "" && suite) { print uri; exit }
             }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        # `deb [options] URI SUITE COMPONENTS…`: drop the options, then URI is $2, SUITE $3.
        sed -e 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }'
    done
}
MIRROR=${MIRROR:-$(configured_mirror | head -n 1)}
[ -n "$MIRROR" ] || { echo "no bookworm mirror in /etc/apt sources; set MIRROR=URL"; exit 1; }

command -v debootstrap >/dev/null || { apt-get update -q && apt-get install -y -q debootstrap; }
mkdir -p "$ROOTS"

fresh_root() {  # $1 = name: a clean copy of a cached minbase bookworm root
    local cache="$ROOTS/cache-bookworm"
    if [ ! -x "$cache/bin/bash" ]; then
        rm -rf "$cache"
        debootstrap --variant=minbase bookworm "$cache" "$MIRROR" >"$ROOTS/debootstrap.log" 2>&1 ||
            { tail -20 "$ROOTS/debootstrap.log"; exit 1; }
    fi
    rm -rf "$ROOTS/$1"
    cp -a "$cache" "$ROOTS/$1"
    cp /etc/resolv.conf "$ROOTS/$1/etc/resolv.conf"
}

in_root() {  # $1 root, $2 user, $3 workdir, $4 command; ENV lines come from $env_file
    local mounted=0
    mount -t proc proc "$1/proc" && mounted=1
    local status=0
    chroot "$1" /bin/sh -c "set -e; . /tmp/stage.env; mkdir -p '$3'; cd '$3'; \
        if [ '$2' = root ]; then $4; else su -s /bin/sh '$2' -c '. /tmp/stage.env; cd $3; $4'; fi" || status=$?
    [ $mounted -eq 1 ] && umount "$1/proc"
    return $status
}

stage=0; root=""; workdir=/; user=root; build_root=""
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    instruction=${line%% *}; args=${line#* }
    case "$instruction" in
        FROM)
            [ -n "$root" ] && build_root=$root
            stage=$((stage + 1)); root="$ROOTS/stage$stage"; workdir=/; user=root
            echo "== stage $stage: $args"; fresh_root "stage$stage"; : >"$root/tmp/stage.env" ;;
        RUN)
            echo "-- RUN ${args:0:100}"
            in_root "$root" "$user" "$workdir" "$args" >"$ROOTS/stage$stage.log" 2>&1 ||
                { tail -30 "$ROOTS/stage$stage.log"; echo "FAILED: $args"; exit 1; } ;;
        COPY)
            read -r -a parts <<<"$args"
            from="$src"
            if [[ ${parts[0]} == --from=* ]]; then from=$build_root; parts=("${parts[@]:1}"); fi
            dest=${parts[-1]}; [[ $dest != /* ]] && dest="$workdir/$dest"
            mkdir -p "$root$workdir"
            for item in "${parts[@]:0:${#parts[@]}-1}"; do
                if [[ $dest == */ ]]; then mkdir -p "$root$dest"; fi
                mkdir -p "$(dirname "$root$dest")"
                cp -a "$from/${item#/}" "$root$dest"
            done
            echo "-- COPY ${parts[*]}" ;;
        WORKDIR) workdir=$args; mkdir -p "$root$workdir" ;;
        ENV) for kv in $args; do echo "export $kv" >>"$root/tmp/stage.env"; done ;;
        USER) user=$args ;;
        VOLUME|EXPOSE|HEALTHCHECK|ENTRYPOINT|CMD) echo "-- $instruction (image metadata, not replayed)" ;;
        *) echo "unsupported Dockerfile instruction: $instruction"; exit 1 ;;
    esac
done <Dockerfile

echo "== smoke test of the runtime root as user $user"
in_root "$root" "$user" "$workdir" "ritualbot --help >/dev/null && ritualbot manifest >/dev/null && ritualbot migrate && ritualbot version"
du -sh "$root" | awk '{print "runtime root size: " $1}'
echo "Dockerfile steps replayed successfully."
