#!/usr/bin/env bash
# Builds Tallyroom (installing what this machine lacks) and opens it.
#
#   bash scripts/run.sh            the app, with the bundled LA 2022 results
#   bash scripts/run.sh --replay   the app following a signed replay of the real 2022 count,
#                                  published step by step beside it and served by nginx on
#                                  127.0.0.1; Refresh (or auto-refresh) finds each new count
#
# Other arguments go to the app, e.g. `--data-dir /tmp/t`.
set -euo pipefail
cd "$(dirname "$0")/.."
replay=0
args=()
for a in "$@"; do
  if [ "$a" = "--replay" ]; then replay=1; else args+=("$a"); fi
done
bash scripts/install-deps.sh
npx tauri build --no-bundle
app=(target/release/tallyroom)
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: starting the app under a private Xvfb (nothing will be visible)." >&2
  app=(bash scripts/with-display.sh target/release/tallyroom)
fi

if [ "$replay" = 0 ]; then
  exec "${app[@]}" "${args[@]}"
fi

cargo build --release -p tallyroom-cli
work=$(mktemp -d)
cli=target/release/tallyroom-cli
"$cli" keygen --out "$work/keys" >/dev/null
port=${TALLYROOM_REPLAY_PORT:-8733}
mkdir -p "$work/www" "$work/data"
# Settings for a fresh data folder: this replay's feed and key, auto-refresh every 30 s.
python3 - "$work" "$port" <<'PY'
import json, sys
work, port = sys.argv[1], sys.argv[2]
key = open(f"{work}/keys/tallyroom.pub").read()
json.dump({"feed_url": f"http://127.0.0.1:{port}/manifest.json", "feed_public_key": key,
           "auto_refresh": True, "auto_refresh_secs": 30, "followed": ["c-4f718ecaf942b4c9"],
           "alert_margin_points": 1.0}, open(f"{work}/data/settings.json", "w"))
PY
files=(data/lavote/4300_20221025T090203.147.json data/lavote/4300_20221109T033519.json
       data/lavote/4300_20221111T160919.703.json data/lavote/4300_20221205T121521.817.json)
"$cli" publish --key "$work/keys/tallyroom.key" --out "$work/www" "${files[0]}" >/dev/null
bash scripts/serve-feed.sh "$work/www" "$port" >"$work/nginx.log" 2>&1 &
server=$!
trap 'kill $server $replayer 2>/dev/null || true' EXIT
echo "Replaying the 2022 count: a new step every ${TALLYROOM_REPLAY_SECS:-45} s (folder $work)."
"$cli" replay --key "$work/keys/tallyroom.key" --out "$work/www" --interval "${TALLYROOM_REPLAY_SECS:-45}" "${files[@]}" &
replayer=$!
"${app[@]}" --data-dir "$work/data" --no-bundled-results "${args[@]}"
