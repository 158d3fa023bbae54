#!/usr/bin/env bash
# Runs every benchmark and prints one table: each figure beside a baseline measured in the same
# run. Installs what it needs: nginx (Debian), and sqlite-utils and clarify (PyPI, in a venv);
# builds the release app, its .deb and a hello-world Tauri app; runs under a private Xvfb.
# Usage: scripts/bench.sh [--quick] [--only=ingest|reads|clarity|refresh|state-night|search|ui|startup|package]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
venv=target/bench-venv
if [ ! -x "$venv/bin/sqlite-utils" ] || ! "$venv/bin/python" -c "import clarify" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q sqlite-utils clarify
fi
npx tauri build --bundles deb >/dev/null
cargo build --release -q -p tallyroom-hello -p tallyroom-bench
export SQLITE_UTILS="$PWD/$venv/bin/sqlite-utils" BENCH_PYTHON="$PWD/$venv/bin/python"
bash scripts/with-display.sh target/release/tallyroom-bench "$@"
