#!/usr/bin/env bash
# Installs the VS Code test host (code-server 4.100.3, the newest that runs on
# Node 20) into test/vscode-host/node_modules from this folder's own
# package.json/lock. Idempotent: does nothing when the pinned version is there.
#
# Needs on a fresh Debian machine: apt-get install -y chromium libkrb5-dev
# (the `kerberos` native module of code-server needs gssapi/gssapi.h).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
WANT="4.100.3"
INSTALLED="node_modules/code-server/package.json"
if [ -f node_modules/.pmpath-host-ready ] && [ -f "$INSTALLED" ] \
   && [ "$(node -p "require('./$INSTALLED').version")" = "$WANT" ]; then
  echo "vscode-host: code-server $WANT already installed"
  exit 0
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable
# here; it skips the download when its cache file exists. The npm package
# @vscode/ripgrep-linux-x64 ships an rg binary, so we build that cache file
# from it.
TMP="${TMPDIR:-/tmp}"
CACHE_DIR="$TMP/vscode-ripgrep-cache-1.15.11"
CACHE_FILE="$CACHE_DIR/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$CACHE_FILE" ]; then
  WORK="$(mktemp -d)"
  (cd "$WORK" && npm pack --silent @vscode/ripgrep-linux-x64@1.18.0 >/dev/null && tar -xzf vscode-ripgrep-linux-x64-1.18.0.tgz)
  mkdir -p "$CACHE_DIR" "$WORK/rg"
  cp "$WORK/package/bin/rg" "$WORK/rg/rg"
  chmod +x "$WORK/rg/rg"
  tar -czf "$CACHE_FILE" -C "$WORK/rg" rg
  rm -rf "$WORK"
fi

# unsafe_perm: code-server's postinstall refuses to run as root otherwise;
# yes: node-pty's postinstall runs `npx node-gyp` and must not prompt.
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false
if [ -f package-lock.json ]; then
  npm ci --no-save
else
  npm install
fi
touch node_modules/.pmpath-host-ready
echo "vscode-host: code-server $WANT installed"
