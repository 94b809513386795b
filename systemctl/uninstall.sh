#!/usr/bin/env bash
# Removes what systemctl/install.sh installed. Run with --help for what it removes and what it keeps.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: sudo /opt/dogdorm/uninstall.sh [--purge] [--root DIR]
       (or systemctl/uninstall.sh from the source tree)

Stops and disables dogdorm-dealer.service and every dogdorm-worker@N.service, and removes the units
from /etc/systemd/system and the program from /opt/dogdorm (the jars, the JDK link, the README and
this script). It keeps what is yours, so that installing again carries on where this stopped:
  /var/lib/dogdorm               the data folder (the database, the lease key)
  /etc/dogdorm                   the settings, the admin password and the worker token
  /opt/dogdorm/server_lists      the lists

Options:
  --purge       remove those too, and the dogdorm system user
  --root DIR    remove from an installation under DIR (also DESTDIR=DIR), as install.sh --root made
                it: the user and systemctl are then left alone
  -h, --help    this text
USAGE
}

purge=0
root=${DESTDIR:-/}
while [ $# -gt 0 ]; do
  case "$1" in
    --purge) purge=1; shift ;;
    --root) [ $# -ge 2 ] || { echo "uninstall.sh: --root needs a value (see --help)" >&2; exit 2; }
            root=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "uninstall.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$root" ] || { echo "uninstall.sh: --root is empty" >&2; exit 2; }
root=$(cd "$root" 2>/dev/null && pwd) || { echo "uninstall.sh: --root: no such folder" >&2; exit 2; }
system=0
[ "$root" = / ] && system=1
R=${root%/}
if [ "$system" -eq 1 ] && [ "$(id -u)" -ne 0 ]; then
  echo "uninstall.sh: run as root (sudo), or give --root DIR" >&2
  exit 1
fi
if [ "$system" -eq 0 ]; then
  echo "Removing from $root: not stopping services, not running systemctl, not removing the dogdorm user."
fi

units=$R/etc/systemd/system
# the enabled instances: the dealer and each dogdorm-worker@N a .wants folder links to
instances=()
for link in "$units"/*.wants/dogdorm-dealer.service "$units"/*.wants/dogdorm-worker@*.service; do
  [ -L "$link" ] || [ -e "$link" ] || continue
  name=$(basename "$link")
  case " ${instances[*]-} " in *" $name "*) ;; *) instances+=("$name") ;; esac
done
if [ "$system" -eq 1 ] && command -v systemctl >/dev/null 2>&1; then
  # running instances that are not enabled are stopped too
  while read -r name _; do
    case " ${instances[*]-} " in *" $name "*) ;; *) instances+=("$name") ;; esac
  done < <(systemctl list-units --all --plain --no-legend 'dogdorm-dealer.service' 'dogdorm-worker@*.service' \
             2>/dev/null || true)
  if [ ${#instances[@]} -gt 0 ]; then
    systemctl disable --now "${instances[@]}" || true
    echo "Stopped and disabled: ${instances[*]}"
  fi
fi
rm -f "$units"/*.wants/dogdorm-dealer.service "$units"/*.wants/dogdorm-worker@*.service
rm -f "$units/dogdorm-dealer.service" "$units/dogdorm-worker@.service"
rmdir "$units"/*.wants 2>/dev/null || true
if [ "$system" -eq 1 ] && command -v systemctl >/dev/null 2>&1; then
  systemctl daemon-reload
fi

prefix=$R/opt/dogdorm
rm -rf -- "$prefix/lib" "$prefix/jdk" "$prefix/README.md" "$prefix/uninstall.sh"
echo "Removed: the units from $units, and $prefix/{lib,jdk,README.md,uninstall.sh}"

kept=("$R/var/lib/dogdorm" "$R/etc/dogdorm" "$prefix/server_lists")
if [ "$purge" -eq 1 ]; then
  rm -rf -- "${kept[@]}"
  rmdir "$prefix" 2>/dev/null || true
  if [ "$system" -eq 1 ] && id dogdorm >/dev/null 2>&1; then
    userdel dogdorm
    echo "Removed the dogdorm user."
  fi
  echo "Purged: ${kept[*]}"
else
  there=()
  for k in "${kept[@]}"; do [ -e "$k" ] && there+=("$k"); done
  if [ ${#there[@]} -gt 0 ]; then
    echo "Kept (data, settings and secrets, lists; --purge removes them): ${there[*]}"
  fi
  rmdir "$prefix" 2>/dev/null || true
fi
