#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real (chromium, postgresql, wrk, java, npm).
set -uo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || missing+=(postgresql)
# A CJK font, so the browser tests' screenshots show Chinese rather than empty boxes.
{ command -v fc-list >/dev/null && fc-list :lang=zh | grep -q .; } || missing+=(fonts-noto-cjk)
# wrk: the bounded HTTP load test against gunicorn (tests/records/test_load.py).
command -v wrk >/dev/null || missing+=(wrk)
# java runs the Nu HTML Checker (vnu.jar); npm installs it and axe-core (make node-deps).
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "system-deps: installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || { echo "system-deps: apt-get install ${missing[*]} failed" >&2; exit 1; }
else
    printf '\n*** system-deps: NOT installing %s (need root and apt-get).\n' "${missing[*]}" >&2
    printf '*** Browser tests, the HTML checker and the PostgreSQL run will be SKIPPED and say so.\n\n' >&2
fi
