#!/usr/bin/env bash
# Installs what building and testing Dateline needs, on Debian or Ubuntu.
# Does nothing when everything is present; installs the missing packages
# with apt-get when run as root; otherwise says what to install and fails.
#
#   tools/install-deps.sh            build and test dependencies
#   tools/install-deps.sh --ci       also what the CI adds (valgrind, and
#                                    chromium for the report's rendering test)
set -euo pipefail

pkgs=(gcc make cmake python3 pkg-config libsqlite3-dev libxml2-dev zlib1g-dev)
if [ "${1:-}" = "--ci" ]; then
  pkgs+=(valgrind chromium)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "dateline: missing build dependencies: ${missing[*]}" >&2
  echo "dateline: install them with your package manager (Debian names given)" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "dateline: missing build dependencies: ${missing[*]}" >&2
  echo "dateline: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "dateline: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || apt-get update
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
