#!/usr/bin/env bash
# Make sure the Debian packages named as arguments are installed.
# As root it installs the missing ones with apt-get; otherwise it names the command to run.
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "These Debian packages are missing. Install them, then run make again:" >&2
  echo "    sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
