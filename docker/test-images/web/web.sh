#!/bin/sh
# Serves $GREETING on :8080 and stops at once on SIGTERM: the shell stays PID 1 only to turn
# the signal into a clean exit (httpd as PID 1 would ignore it until docker's kill timeout).
set -eu
mkdir -p /www
printf '%s\n' "$GREETING" > /www/index.html
httpd -f -p 8080 -h /www &
pid=$!
trap 'kill "$pid" 2>/dev/null; exit 0' TERM INT
wait "$pid"
