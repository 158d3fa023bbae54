#!/usr/bin/env bash
# Runs every benchmark and prints one table: each figure beside a baseline measured in the same
# run. Installs what it needs: nginx (Debian), and sqlite-utils and clarify (PyPI, in a venv).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
venv=target/bench-venv
if [ ! -x "$venv/bin/sqlite-utils" ] || ! "$venv/bin/python" -c "import clarify" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q sqlite-utils clarify
fi
ls target/release/bundle/deb/*.deb >/dev/null 2>&1 || npx tauri build --bundles deb
export SQLITE_UTILS="$PWD/$venv/bin/sqlite-utils" BENCH_PYTHON="$PWD/$venv/bin/python"
cargo run --release -q -p tallyroom-bench -- "$@"
