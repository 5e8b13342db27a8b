#!/usr/bin/env bash
# Installs the external tools the integration tests drive as real clients (Debian/Ubuntu, apt).
# Idempotent: a fast no-op when every package is already installed; runs `apt-get update` only when
# something is missing. Needs root (or passwordless sudo) only in that case.
#
#   bash scripts/test-tools.sh            # the test tools
#   bash scripts/test-tools.sh nginx-light  # extra packages (the benchmark uses this form)
set -euo pipefail

PACKAGES=(ffmpeg aria2 wget curl chromium chromium-driver vlc procps prometheus)
if [ "$#" -gt 0 ]; then
  PACKAGES=("$@")
fi

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

missing=()
for p in "${PACKAGES[@]}"; do
  installed "$p" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "test-tools: all present (${PACKAGES[*]})"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "test-tools: missing ${missing[*]} and apt-get is not available; install them by hand" >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -n)
  else
    echo "test-tools: missing ${missing[*]}; run this script as root" >&2
    exit 1
  fi
fi

echo "test-tools: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

still=()
for p in "${missing[@]}"; do
  installed "$p" || still+=("$p")
done
if [ "${#still[@]}" -ne 0 ]; then
  echo "test-tools: could not install ${still[*]}" >&2
  exit 1
fi
echo "test-tools: installed ${missing[*]}"
