#!/usr/bin/env bash
# Builds Tallyroom (installing what this machine lacks) and opens it.
# Extra arguments go to the app, e.g. `--data-dir /tmp/t`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npx tauri build --no-bundle
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: starting the app under a private Xvfb (nothing will be visible)." >&2
  exec bash scripts/with-display.sh target/release/tallyroom "$@"
fi
exec target/release/tallyroom "$@"
