#!/usr/bin/env bash
# Installs, idempotently and at pinned versions, everything `run` and `test` need.
# Usage: scripts/install-tools.sh [--browser]
#   --browser  also installs Debian's chromium and chromium-driver (for the test layers).
# Each step checks the installed version first, so a second run costs seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# The wasm-bindgen CLI must equal the library version in Cargo.lock, or the generated glue mismatches.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)

# Where `cargo install` puts binaries, so a fresh install is found by the checks below.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf '\033[1m[install]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "rust component $component"
    rustup component add "$component"
  fi
done

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION (about 9 minutes the first time)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes the first time)"
  # Not --locked: the CLI's own lock file fails to resolve on current registries.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm: wasm-opt (binaryen), Playwright and axe-core, at the versions in package-lock.json.
# A copy of the lock file inside node_modules says which lock it was installed from.
if ! cmp -s package-lock.json node_modules/.timbang-installed-lock; then
  say "npm packages (package-lock.json)"
  # Playwright drives Debian's Chromium; it must not try to download a browser of its own.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.timbang-installed-lock
fi

if [ "${1:-}" = "--browser" ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "chromium and chromium-driver (Debian)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver
  fi
fi
