#!/usr/bin/env bash
# End-to-end tests: the release binary under Xvfb, driven by tauri-driver on 127.0.0.1:4444.
set -euo pipefail
cd "$(dirname "$0")/.."
export TALLYROOM_APP="${TALLYROOM_APP:-$PWD/target/release/tallyroom}"
export TALLYROOM_CLI="${TALLYROOM_CLI:-$PWD/target/debug/tallyroom-cli}"
[ -x "$TALLYROOM_CLI" ] || cargo build -p tallyroom-cli
[ -x "$TALLYROOM_APP" ] || { echo "no app binary at $TALLYROOM_APP: run 'npx tauri build --bundles deb' first" >&2; exit 1; }
export PATH="$HOME/.cargo/bin:$PATH"

# tauri-driver (and the WebKitWebDriver it starts) run in a process group of their own, whose id
# is written down, so this script stops all of them when it ends, pass or fail.
DRIVER_PID_FILE="$(mktemp)"
export DRIVER_PID_FILE
stop_driver() {
  local pid
  pid="$(cat "$DRIVER_PID_FILE" 2>/dev/null || true)"
  if [ -n "$pid" ]; then kill -- "-$pid" 2>/dev/null || true; fi
  rm -f "$DRIVER_PID_FILE"
}
trap stop_driver EXIT

run() {
  setsid tauri-driver --port 4444 >/tmp/tallyroom-tauri-driver.log 2>&1 &
  echo $! >"$DRIVER_PID_FILE"
  for _ in $(seq 1 100); do
    (echo >/dev/tcp/127.0.0.1/4444) 2>/dev/null && break
    sleep 0.1
  done
  # E2E_ONLY=tests/e2e/results.test.mjs runs one file (while working on it; CI runs them all).
  node --test --test-concurrency=1 ${E2E_ONLY:-tests/e2e/}
}
export -f run
bash scripts/with-display.sh bash -c run
