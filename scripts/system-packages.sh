#!/usr/bin/env bash
# Debian packages the app and its tests need (see README, "System packages").
# Installs the missing ones when run as root (or with sudo); otherwise prints them.
set -euo pipefail

purpose=${1:-app}
# venv for the install; the Qt libraries a PySide6 window needs; a font with full
# Vietnamese coverage (without any font Qt draws empty boxes).
packages=(python3-venv libegl1 libgl1 libx11-6 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
          libfreetype6 libglib2.0-0 libdbus-1-3 fonts-dejavu-core
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
          libxcb-render-util0 libxcb-image0 libxcb-xinerama0)
if [ "$purpose" = "server" ]; then
  packages=(python3-venv)  # the sync server needs no Qt libraries
fi
if [ "$purpose" = "test" ]; then
  # poppler-utils renders printed reports to images in tests; dbus and gnome-keyring
  # give the keyring tests a real Secret Service; postgresql gives the server tests a
  # throwaway cluster (binaries in /usr/lib/postgresql/<version>/bin, the postgres user).
  packages+=(poppler-utils dbus gnome-keyring postgresql)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian-like system: install the equivalents of: ${packages[*]}" >&2
  exit 0
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Please install: ${missing[*]}" >&2
  exit 1
fi
