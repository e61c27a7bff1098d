#!/usr/bin/env bash
# Node.js 24 LTS for the second CI leg (issue 19), whatever Node the machine has.
#
# Node 24 comes from the npm registry, through npm: the `node-linux-<arch>` package ships bin/node.
# The version is pinned below and the tarball checked against the pinned integrity; the binary is
# kept in .cache/node/v<version>/ (gitignored; HUB_NODE_CACHE moves it), so it is fetched once.
# NODE24_BIN=/path/to/node uses a Node 24 you already have instead (macOS, nvm, …).
#
#   scripts/node24.sh            npm ci, then npm test, with Node 24 first on PATH (npm run test:node24)
#   scripts/node24.sh --bin      fetch if needed and print the binary's path (BENCH_NODE="$(scripts/node24.sh --bin)")
#   scripts/node24.sh -- CMD …   run any command with Node 24 first on PATH
#
# The `npm ci` here reinstalls node_modules with Node 24's npm run; the tree is the lockfile's and
# holds no build made for one Node (pure JS/WASM, esbuild's binary chosen by os/cpu only), so the
# machine's Node runs it afterwards as before.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE24_VERSION=24.22.3
declare -A NODE24_INTEGRITY=(
  [linux-x64]="sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="
  [linux-arm64]="sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw=="
)

say() { echo "[node24] $*" >&2; }

node24_bin() {
  if [[ -n "${NODE24_BIN:-}" ]]; then
    echo "$NODE24_BIN"
    return
  fi
  local os arch platform
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch=$(uname -m) ;;
  esac
  platform="$os-$arch"
  local integrity="${NODE24_INTEGRITY[$platform]:-}"
  if [[ -z "$integrity" ]]; then
    say "no pinned Node $NODE24_VERSION for $platform: set NODE24_BIN to a Node 24 binary"
    exit 1
  fi
  local cache="${HUB_NODE_CACHE:-$PWD/.cache/node}/v$NODE24_VERSION-$platform"
  if [[ ! -x "$cache/bin/node" ]]; then
    say "fetching node-$platform@$NODE24_VERSION from the npm registry into $cache"
    mkdir -p "$(dirname "$cache")"
    local work
    work=$(mktemp -d "$(dirname "$cache")/.fetch.XXXXXX")
    # shellcheck disable=SC2064
    trap "rm -rf '$work'" EXIT
    npm pack "node-$platform@$NODE24_VERSION" --pack-destination "$work" --json --silent >"$work/pack.json"
    local got
    got=$(sed -n 's/^ *"integrity": "\(.*\)",*$/\1/p' "$work/pack.json" | head -n 1)
    if [[ "$got" != "$integrity" ]]; then
      say "integrity mismatch for node-$platform@$NODE24_VERSION: expected $integrity, got ${got:-nothing}"
      exit 1
    fi
    mkdir -p "$work/unpacked"
    tar -xzf "$work/node-$platform-$NODE24_VERSION.tgz" -C "$work/unpacked" package/bin/node package/LICENSE
    # Into place in one move, so an interrupted fetch never leaves half a binary behind.
    rm -rf "$cache"
    mv "$work/unpacked/package" "$cache"
  fi
  echo "$cache/bin/node"
}

with_node24() {
  local bin
  bin=$(node24_bin)
  local version
  version=$("$bin" -v)
  if [[ "$version" != v24.* ]]; then
    say "$bin is $version, not Node 24"
    exit 1
  fi
  # Node 24 first on PATH: npm (the machine's, a JS program), its scripts, tsx, vitest and every
  # child they spawn resolve `node` to it. npm's variables naming the calling Node are dropped.
  export PATH="$(dirname "$bin"):$PATH"
  unset npm_node_execpath NODE npm_execpath
  hash -r
  "$@"
}

case "${1:-}" in
  --bin)
    node24_bin
    ;;
  --)
    shift
    with_node24 "$@"
    ;;
  "")
    with_node24 bash -c '
      set -euo pipefail
      echo "[node24] $(command -v node): $(node -v), npm $(npm -v)" >&2
      npm ci --no-audit --no-fund
      HUB_EXPECT_NODE_MAJOR=24 npm test
    '
    ;;
  *)
    say "unknown argument $1 (see the head of $0)"
    exit 2
    ;;
esac
