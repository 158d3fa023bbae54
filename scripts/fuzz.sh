#!/usr/bin/env bash
# Fuzzes every parser, seeded from the real files. Usage: scripts/fuzz.sh [SECONDS per target]
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP lets this machine's stable toolchain use them.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
seeds=fuzz/corpus/feeds
mkdir -p "$seeds" fuzz/corpus/signed
cp -n data/lavote/*.json tests/data/clarity/* tests/data/nist-cdf/*_feed*.* tests/data/bad/*.* "$seeds"/ 2>/dev/null || true
rm -f "$seeds"/EXPECTED.tsv "$seeds"/make_corpus.py
for target in feeds signed; do
  echo "==> fuzzing $target for $secs s"
  (cd fuzz && cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$secs" -rss_limit_mb=2048 -max_len=4000000)
done
