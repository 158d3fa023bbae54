#!/usr/bin/env bash
# Every check CI runs, in the order CI runs them. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
# A clean clone gains nothing from incremental caches; they only take disk (gigabytes here).
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi

step() { printf '\n==> %s\n' "$*"; }

step "Install what this machine lacks"
bash scripts/install-deps.sh

step "Build the web UI (the app embeds ui/dist)"
npm --workspace ui run build

step "Rust formatting"
cargo fmt --all --check

step "Clippy, warnings are errors"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "UI type check (svelte-check)"
npm --workspace ui run check

step "UI unit tests (vitest)"
npm --workspace ui run test

step "Rust tests (core, CLI, app)"
cargo test --workspace --locked

step "Package: release build and .deb"
npx tauri build --bundles deb

step "End-to-end tests on the real app (tauri-driver, WebKitWebDriver, Xvfb)"
bash scripts/e2e.sh

step "Install the .deb and start the installed program"
bash scripts/deb-smoke.sh

printf '\nAll checks passed.\n'
