#!/usr/bin/env bash
# Usage: sysdeps.sh [--stamp FILE] {pdf|test} PACKAGE...
# Installs the Debian packages the build needs when they are missing, if we are root with apt.
# Without root or apt it prints exactly what to install and exits 0 (make book then builds HTML only).
# With --stamp, once every package is installed it writes FILE (the package list); the next call
# returns at once while FILE holds the same list and is newer than dpkg's database
# (${SYSDEPS_DPKG_STATUS:-/var/lib/dpkg/status}), so a no-op `make book` does not query dpkg.
# A missing package is looked for on every call.
set -u
stamp=
if [ "${1:-}" = --stamp ]; then stamp=$2; shift 2; fi
what=$1; shift
key="$what $*"
status=${SYSDEPS_DPKG_STATUS:-/var/lib/dpkg/status}
write_stamp() {
  [ -n "$stamp" ] || return 0
  mkdir -p "$(dirname "$stamp")" && printf '%s\n' "$key" > "$stamp.tmp" && mv -f "$stamp.tmp" "$stamp"
}
if [ -n "$stamp" ] && [ -f "$stamp" ] && { [ ! -e "$status" ] || [ "$stamp" -nt "$status" ]; }; then
  IFS= read -r have < "$stamp" || true
  [ "$have" = "$key" ] && exit 0
fi
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  write_stamp
  exit 0
fi
[ -z "$stamp" ] || rm -f "$stamp"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "sysdeps($what): installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "sysdeps($what): apt-get install failed" >&2; exit 1; }
  write_stamp
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
