#!/usr/bin/env bash
# Installs Debian's wrk (the HTTP load generator `make bench` drives) when it is missing.
set -uo pipefail
command -v wrk >/dev/null && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "bench: installing wrk with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null \
        || { echo "bench: apt-get install wrk failed" >&2; exit 1; }
else
    printf '\n*** bench: wrk is NOT installed and cannot be (need root and apt-get).\n' >&2
    printf '*** Install it (apt-get install wrk); the HTTP figures will be MISSING.\n\n' >&2
fi
