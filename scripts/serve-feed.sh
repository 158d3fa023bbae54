#!/usr/bin/env bash
# Serves a feed folder with nginx on 127.0.0.1:PORT (ETag and gzip_static on), in the foreground,
# with the same configuration the tests use (tests/nginx.conf.in).
# Usage: scripts/serve-feed.sh DIR PORT
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root=$(realpath "$1"); port=$2
prefix=$(mktemp -d)
sed -e "s|@PREFIX@|$prefix|g" -e "s|@PORT@|$port|g" -e "s|@ROOT@|$root|g" \
  "$here/tests/nginx.conf.in" > "$prefix/nginx.conf"
echo "serving $root on http://127.0.0.1:$port/ (access log: $prefix/access.log)"
exec /usr/sbin/nginx -p "$prefix" -c "$prefix/nginx.conf"
