#!/usr/bin/env bash
# Installs everything a fresh Debian 12 machine lacks to build, run and test Tallyroom.
# Idempotent: each step is skipped when its tool is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

DEB_PKGS=(
  # Tauri 2 on Linux (WebKitGTK 4.1)
  libwebkit2gtk-4.1-dev librsvg2-dev libxdo-dev libayatana-appindicator3-dev
  build-essential pkg-config file curl
  # end-to-end tests: a display, the WebKit WebDriver, a static server for feeds
  xvfb x11-utils webkit2gtk-driver nginx-light dbus-x11
  # the NIST SP 1500-100 export is checked against the NIST schema with xmllint, and against
  # Google's civics_cdf_validator and NIST's JSON Schema in a Python venv (below)
  libxml2-utils python3-venv
)
missing=()
for p in "${DEB_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v node >/dev/null 2>&1 || ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
  echo "Node.js 20 or newer is needed (Vite 8); this machine has: $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "==> cargo install tauri-driver"
  cargo install tauri-driver --locked
fi

# Validators the field uses for NIST SP 1500-100 files, from PyPI, pinned, in a venv of their
# own: Google's civics_cdf_validator and the jsonschema package (the NIST JSON Schema).
CDF_VENV=target/cdf-venv
if [ ! -x "$CDF_VENV/bin/civics_cdf_validator" ] || ! "$CDF_VENV/bin/python" -c "import jsonschema" 2>/dev/null; then
  echo "==> pip install civics-cdf-validator jsonschema (in $CDF_VENV)"
  python3 -m venv "$CDF_VENV"
  "$CDF_VENV/bin/pip" install -q "civics-cdf-validator==1.66" "jsonschema==4.23.0"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi
