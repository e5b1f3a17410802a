#!/usr/bin/env bash
# Installs the VS Code test host (code-server 4.100.3, the newest that runs on
# Node 20) into test/vscode-host/node_modules from this folder's own
# package.json/lock. Idempotent: does nothing when the pinned version is there.
#
# Checks its prerequisites first and, when one is missing, prints one line
# naming the exact `apt-get install` command and exits with code 3 (nothing is
# downloaded or compiled): Chromium runs the workbench; code-server's native
# modules (kerberos, node-pty) compile with node-gyp, which needs make, a C++
# compiler and Python 3, and kerberos needs the GSSAPI headers.
#
# PMPATH_VSCODE_HOST_DIR installs into another folder (holding a copy of this
# folder's package.json and lock); the tests use it to check the messages.
set -euo pipefail
# (No dirname: the prerequisite check must work with a bare PATH.)
case "${BASH_SOURCE[0]}" in */*) HERE="${BASH_SOURCE[0]%/*}" ;; *) HERE=. ;; esac
HERE="$(cd "$HERE" && pwd)"
cd "${PMPATH_VSCODE_HOST_DIR:-$HERE}"
WANT="4.100.3"
INSTALLED="node_modules/code-server/package.json"
ready=false
if [ -f node_modules/.pmpath-host-ready ] && [ -f "$INSTALLED" ] \
   && [ "$(node -p "require('./$INSTALLED').version")" = "$WANT" ]; then
  ready=true
fi

# ---- prerequisites: Debian package names of whatever is missing
missing=()
chromium="${PMPATH_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || missing+=(chromium)
if [ "$ready" = false ]; then
  [ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
  if ! command -v make >/dev/null 2>&1 || ! command -v g++ >/dev/null 2>&1; then missing+=(build-essential); fi
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "vscode-host: missing prerequisites for the VS Code tests; install them with: apt-get install -y ${missing[*]}" >&2
  exit 3
fi

if [ "$ready" = true ]; then
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

# The first run takes a while: say so, and how long it took.
echo "vscode-host: first run: installing code-server $WANT (about 310 MB, typically 1 to 3 minutes; compiles native modules) into test/vscode-host/node_modules"
started=$(date +%s)
LOG="$(mktemp "${TMP}/pmpath-vscode-host-install.XXXXXX.log")"
# unsafe_perm: code-server's postinstall refuses to run as root otherwise;
# yes: node-pty's postinstall runs `npx node-gyp` and must not prompt.
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false
if [ -f package-lock.json ]; then install=(npm ci --no-save); else install=(npm install); fi
if ! "${install[@]}" >"$LOG" 2>&1; then
  echo "vscode-host: installing code-server failed; the last lines of its log follow (full log: $LOG)" >&2
  tail -n 30 "$LOG" >&2
  exit 1
fi
rm -f "$LOG"
touch node_modules/.pmpath-host-ready
size="$(du -sm node_modules | cut -f1)"
echo "vscode-host: code-server $WANT installed in $(( $(date +%s) - started )) s (${size} MB)"
