#!/usr/bin/env bash
# Installs Dogdorm as systemd services. Run with --help for what it does.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: sudo systemctl/install.sh [--workers N] [--no-start] [--jars DIR] [--root DIR]

Installs Dogdorm as systemd services, or upgrades an installation:
  /opt/dogdorm/lib/            the dealer and worker jars (built first when missing or stale)
  /opt/dogdorm/jdk             a link to the JDK 25+ found (JAVA_HOME, /usr/lib/jvm/*, java on PATH)
  /opt/dogdorm/server_lists/   the shipped lists (a file of the same name already there is kept)
  /opt/dogdorm/uninstall.sh    removes it all again (see its --help)
  /var/lib/dogdorm/            the data folder, owned by the 'dogdorm' system user (made when missing)
  /etc/dogdorm/dealer.env, worker.env
                               settings (made when missing, kept on upgrade)
  /etc/dogdorm/jvm-defaults.env
                               each role's JVM defaults (rewritten on every install)
  /etc/dogdorm/admin-password  the admin's password for the heartbeat pages (user admin), and
  /etc/dogdorm/worker-token    the token workers send: each made when missing, random, mode 640,
                               owner root, group dogdorm; never printed (read them with sudo cat)
  /etc/systemd/system/dogdorm-dealer.service, dogdorm-worker@.service
and enables and starts dogdorm-dealer.service and dogdorm-worker@1..N.service.

Options:
  --workers N   local workers to enable (default 4; 0 for none)
  --no-start    install and enable nothing: print how to start instead
  --jars DIR    install DIR/dogdorm-dealer-all.jar and DIR/dogdorm-worker-all.jar, built elsewhere,
                instead of building them here
  --root DIR    install under DIR instead of / (also DESTDIR=DIR), e.g. to look at what it does or to
                build a package: the user, file owners and systemctl are then left alone
  -h, --help    this text
USAGE
}

workers=4
start=1
jars=
root=${DESTDIR:-/}
while [ $# -gt 0 ]; do
  case "$1" in
    --workers|--jars|--root)
      [ $# -ge 2 ] || { echo "install.sh: $1 needs a value (see --help)" >&2; exit 2; } ;;
  esac
  case "$1" in
    --workers) workers=$2; shift 2 ;;
    --no-start) start=0; shift ;;
    --jars) jars=$2; shift 2 ;;
    --root) root=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$workers" in ''|*[!0-9]*) echo "install.sh: --workers must be a number, not '$workers'" >&2; exit 2 ;; esac
[ -n "$root" ] || { echo "install.sh: --root is empty" >&2; exit 2; }
root=$(cd "$root" 2>/dev/null && pwd) || { echo "install.sh: --root: no such folder" >&2; exit 2; }
# the system itself, or a folder to install into: only the system gets the user, file owners and systemctl
system=0
[ "$root" = / ] && system=1
R=${root%/}
if [ "$system" -eq 1 ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (sudo), or give --root DIR" >&2
  exit 1
fi

src=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../bin/lib/common.sh
source "$src/bin/lib/common.sh"
find_jdk
if [ -n "$jars" ]; then
  DEALER_JAR=$jars/dogdorm-dealer-all.jar
  WORKER_JAR=$jars/dogdorm-worker-all.jar
  for j in "$DEALER_JAR" "$WORKER_JAR"; do
    [ -f "$j" ] || { echo "install.sh: --jars: no $j" >&2; exit 2; }
  done
else
  ensure_jars
fi

if [ "$system" -eq 0 ]; then
  echo "Installing under $root: not making the dogdorm user, not changing file owners, not running systemctl."
fi

prefix=$R/opt/dogdorm
install -d -m 755 "$prefix" "$prefix/lib" "$prefix/server_lists"
install -m 644 "$DEALER_JAR" "$prefix/lib/dogdorm-dealer-all.jar"
install -m 644 "$WORKER_JAR" "$prefix/lib/dogdorm-worker-all.jar"
install -m 644 "$src/README.md" "$prefix/README.md"
install -m 755 "$src/systemctl/uninstall.sh" "$prefix/uninstall.sh"
ln -sfn "$JAVA_HOME" "$prefix/jdk"
# lists are the operator's: copy the shipped ones only where no file of that name exists
for f in "$src"/server_lists/*.csv; do
  [ -e "$f" ] || continue
  [ -e "$prefix/server_lists/$(basename "$f")" ] || install -m 644 "$f" "$prefix/server_lists/"
done

if [ "$system" -eq 1 ] && ! id dogdorm >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/dogdorm --no-create-home --shell /usr/sbin/nologin dogdorm
fi
if [ "$system" -eq 1 ]; then
  install -d -m 750 -o dogdorm -g dogdorm "$R/var/lib/dogdorm"
else
  install -d -m 750 "$R/var/lib/dogdorm"
fi
install -d -m 755 "$R/etc/dogdorm"

# A secret file, made when missing: random, never shown, readable by root and the dogdorm group only.
# Prints one line saying where it is and whether it is new.
secret() {
  local file=$1 what=$2 bytes=$3 tmp
  if [ -s "$file" ]; then
    echo "  $what: $file (kept)"
    return 0
  fi
  tmp=$(mktemp "$file.XXXXXX")
  chmod 600 "$tmp"
  # URL-safe base64 of random bytes: no character a shell, a URL or an env file would trip on
  head -c "$bytes" /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=' > "$tmp"
  echo >> "$tmp"
  chmod 640 "$tmp"
  [ "$system" -eq 0 ] || chgrp dogdorm "$tmp"
  mv -f "$tmp" "$file"
  echo "  $what: $file (new)"
}
if [ "$system" -eq 1 ]; then
  echo "Secrets (mode 640, owner root, group dogdorm; read one with: sudo cat FILE):"
else
  echo "Secrets (mode 640; their group is left as it is under --root):"
fi
secret "$R/etc/dogdorm/admin-password" "admin password (user admin)" 18
secret "$R/etc/dogdorm/worker-token" "worker token" 32

[ -e "$R/etc/dogdorm/dealer.env" ] || cat > "$R/etc/dogdorm/dealer.env" <<'ENV'
# Options for the dealer, e.g. --interval 30m --bind 0.0.0.0 (every interface: workers on other hosts).
# The admin password protects the heartbeat pages (user admin); workers must send the worker token.
DOGDORM_DEALER_OPTS=--admin-password-file /etc/dogdorm/admin-password --worker-token-file /etc/dogdorm/worker-token
# JVM options after the defaults (-Xmx512m: about 250,000 targets; a million want -Xmx3g)
DOGDORM_JAVA_OPTS=
ENV
[ -e "$R/etc/dogdorm/worker.env" ] || cat > "$R/etc/dogdorm/worker.env" <<'ENV'
# Options for every local worker, e.g. --dealer http://dealer.example:8000 --lanes 64
DOGDORM_WORKER_OPTS=--dealer http://127.0.0.1:8000 --lanes 64 --token-file /etc/dogdorm/worker-token
# JVM options after the defaults (a 96 MB heap and the serial collector)
DOGDORM_JAVA_OPTS=
ENV
# the JVM defaults of each role, from bin/lib/common.sh: rewritten on every install, unlike the files above
cat > "$R/etc/dogdorm/jvm-defaults.env" <<ENV
DOGDORM_DEALER_JVM_DEFAULTS=$DEALER_JVM_DEFAULTS
DOGDORM_WORKER_JVM_DEFAULTS=$WORKER_JVM_DEFAULTS
ENV
chmod 644 "$R/etc/dogdorm/dealer.env" "$R/etc/dogdorm/worker.env" "$R/etc/dogdorm/jvm-defaults.env"
# settings kept from an earlier install may not use the secrets: say so, since nothing else would
unused() {
  grep -q -- "$2" "$R/etc/dogdorm/$1.env" || \
    echo "  note: $R/etc/dogdorm/$1.env (kept from before) does not name $2: add it to its options to use it"
}
unused dealer /etc/dogdorm/admin-password
unused dealer /etc/dogdorm/worker-token
unused worker /etc/dogdorm/worker-token

install -d -m 755 "$R/etc/systemd/system"
install -m 644 "$src/systemctl/dogdorm-dealer.service" "$src/systemctl/dogdorm-worker@.service" \
  "$R/etc/systemd/system/"
echo "Installed: $prefix, $R/etc/dogdorm, $R/var/lib/dogdorm (data), units in $R/etc/systemd/system."
if [ "$system" -eq 0 ]; then
  exit 0
fi
systemctl daemon-reload
if [ "$start" -eq 1 ]; then
  systemctl enable --now dogdorm-dealer.service
  for i in $(seq 1 "$workers"); do systemctl enable --now "dogdorm-worker@$i.service"; done
  echo "Dogdorm is running: http://127.0.0.1:8000/servers (systemctl status dogdorm-dealer)"
else
  echo "Start with: systemctl enable --now dogdorm-dealer dogdorm-worker@{1..$workers}"
fi
