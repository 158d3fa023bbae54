#!/usr/bin/env bash
# Installs the freshly built .deb and checks the installed program: binary, desktop entry, icon,
# and that it starts and stays up under Xvfb (fed from a dead loopback port, so no real network).
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(ls -t target/release/bundle/deb/*.deb | head -n1)
echo "installing $deb ($(du -h "$deb" | cut -f1))"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get install -y -qq "./$deb" >/dev/null
test -x /usr/bin/tallyroom
desktop=$(dpkg -L tallyroom | grep '\.desktop$')
grep -q '^Exec=tallyroom' "$desktop"
grep -q '^Icon=tallyroom' "$desktop"
dpkg -L tallyroom | grep -q 'icons/hicolor/.*/tallyroom.png'

dir=$(mktemp -d)
printf '{"feed_url":"http://127.0.0.1:9/feed","auto_refresh":false,"auto_refresh_secs":60,"followed":[]}' > "$dir/settings.json"
check() {
  TALLYROOM_DATA_DIR="$1" /usr/bin/tallyroom >/tmp/tallyroom-deb.log 2>&1 &
  local pid=$!
  sleep 6
  if ! kill -0 $pid 2>/dev/null; then
    echo "the installed app exited early:"; cat /tmp/tallyroom-deb.log; return 1
  fi
  kill $pid
  test -s "$1/cache.db" || { echo "no cache written"; return 1; }
}
export -f check
bash scripts/with-display.sh bash -c "check '$dir'"
echo "installed app started, wrote its cache, and stayed up: ok"
