#!/usr/bin/env bash
# Installs the Debian packages Sift needs to build, test and run, and only those that are missing.
# Idempotent: when everything is present it changes nothing and needs no privileges.
set -euo pipefail

packages=(
  cmake make g++ pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-qpa-plugins libqt6sql6-sqlite qt6-charts-dev libqt6opengl6-dev
  libgl-dev libvulkan-dev
  libyaml-cpp-dev nlohmann-json3-dev libsqlite3-dev qtkeychain-qt6-dev
)
# GUI runs started by `make run` on a machine without a display, and screenshots.
if [ "${SIFT_WITH_XVFB:-0}" = 1 ]; then packages+=(xvfb xauth); fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
# The tokenizer tests install the reference tokenizers with npm. A Node.js that is already there (from
# Debian or another packaging that brings npm along) is used as it is.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}) and neither root nor sudo is available." >&2
  echo "install-deps: install them with: apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
