#!/usr/bin/env bash
# Usage: sysdeps.sh {pdf|test} PACKAGE...
# Installs the Debian packages the build needs when they are missing, if we are root with apt.
# Without root or apt it prints exactly what to install and exits 0 (make book then builds HTML only).
set -u
what=$1; shift
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "sysdeps($what): installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "sysdeps($what): apt-get install failed" >&2; exit 1; }
else
  echo "sysdeps($what): missing system packages: ${missing[*]}"
  if [ "$what" = pdf ]; then
    echo "  The HTML site will build; the PDF needs them. As root on Debian/Ubuntu run:"
  else
    echo "  The browser tests will be skipped. As root on Debian/Ubuntu run:"
  fi
  echo "  apt-get install --no-install-recommends ${missing[*]}"
fi
exit 0
