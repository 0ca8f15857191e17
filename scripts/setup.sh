#!/usr/bin/env bash
# Does whatever setup is missing, and nothing that is already done:
#   1. Debian packages: Jupyter (notebook, nbconvert, nbclient), numpy (the
#      benchmark's reference) and Chromium (the browser tests), where apt exists;
#   2. npm ci, when node_modules is missing or older than package-lock.json
#      (its prepare step builds dist/ and links node_modules/dropout-lab);
#   3. the build and the package link, when dist/ is older than src/;
#   4. the Jupyter kernels "dropout-lab (TypeScript)" (tslab) and "dropout-lab (Deno)"
#      (node_modules/.bin/deno, from the npm package deno), for this checkout.
# `npm test`, `npm run reproduce` and `npm run bench` call it first, so each works on a fresh machine.
#
#   bash scripts/setup.sh             everything (the tests need it all)
#   bash scripts/setup.sh notebooks   without numpy and Chromium (the main job needs neither)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { printf 'setup: %s\n' "$*" >&2; }

APT_PACKAGES=(jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client)
case "${1:-all}" in
  all) APT_PACKAGES+=(python3-numpy chromium) ;;
  notebooks) ;;
  *) say "unknown argument ${1}; expected nothing or \"notebooks\""; exit 2 ;;
esac
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null; then
    say "missing ${missing[*]} and there is no apt-get here."
    say "Install Jupyter (notebook, nbconvert, nbclient), numpy and Chromium by other means, then run this again."
    exit 1
  fi
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { say "installing ${missing[*]} needs root (or sudo)."; exit 1; }
    sudo=(sudo)
  fi
  say "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi

if [ ! -f dist/index.mjs ] || [ -n "$(find src -newer dist/index.mjs -print -quit)" ]; then
  say "building dist/"
  npm run --silent build
fi
node scripts/link-self.mjs

# Always (re)install: the specs hold this checkout's absolute paths.
node scripts/kernel.mjs install >/dev/null
