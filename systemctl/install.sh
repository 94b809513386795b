#!/usr/bin/env bash
# Builds Dogdorm and installs it as services: jars under /opt/dogdorm/lib, lists in /opt/dogdorm/server_lists,
# data in /var/lib/dogdorm, settings in /etc/dogdorm/{dealer,worker}.env, a 'dogdorm' system user, and the units
# dogdorm-dealer.service and dogdorm-worker@N.service, enabled and started.
#
#   sudo systemctl/install.sh [--workers N] [--no-start]
set -euo pipefail
workers=4
start=1
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) workers=$2; shift 2 ;;
    --no-start) start=0; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$workers" in ''|*[!0-9]*) echo "install.sh: --workers must be a number" >&2; exit 2 ;; esac
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (sudo)" >&2; exit 1; }

src=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../bin/lib/common.sh
source "$src/bin/lib/common.sh"
find_jdk
ensure_jars

prefix=/opt/dogdorm
install -d -m 755 "$prefix" "$prefix/lib" "$prefix/server_lists"
install -m 644 "$DEALER_JAR" "$WORKER_JAR" "$prefix/lib/"
install -m 644 "$src/README.md" "$prefix/README.md"
ln -sfn "$JAVA_HOME" "$prefix/jdk"
# lists are the operator's: copy the shipped ones only where no file of that name exists
for f in "$src"/server_lists/*.csv; do
  [ -e "$f" ] || continue
  [ -e "$prefix/server_lists/$(basename "$f")" ] || install -m 644 "$f" "$prefix/server_lists/"
done

if ! id dogdorm >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/dogdorm --no-create-home --shell /usr/sbin/nologin dogdorm
fi
install -d -m 750 -o dogdorm -g dogdorm /var/lib/dogdorm
install -d -m 755 /etc/dogdorm
[ -e /etc/dogdorm/dealer.env ] || cat > /etc/dogdorm/dealer.env <<'ENV'
# Options for the dealer, e.g. --interval 30m --bind 0.0.0.0 --worker-token-file /etc/dogdorm/worker-token
#   --admin-password-file /etc/dogdorm/admin-password (needed with a non-loopback --bind: heartbeat pages)
DOGDORM_DEALER_OPTS=
# JVM options after the defaults (-Xmx512m: about 250,000 targets; a million want -Xmx3g)
DOGDORM_JAVA_OPTS=
ENV
[ -e /etc/dogdorm/worker.env ] || cat > /etc/dogdorm/worker.env <<'ENV'
# Options for every local worker, e.g. --dealer http://dealer.example:8000 --token-file /etc/dogdorm/worker-token
DOGDORM_WORKER_OPTS=--dealer http://127.0.0.1:8000 --lanes 64
# JVM options after the defaults (a 96 MB heap and the serial collector)
DOGDORM_JAVA_OPTS=
ENV
# the JVM defaults of each role, from bin/lib/common.sh: rewritten on every install, unlike the files above
cat > /etc/dogdorm/jvm-defaults.env <<ENV
DOGDORM_DEALER_JVM_DEFAULTS=$DEALER_JVM_DEFAULTS
DOGDORM_WORKER_JVM_DEFAULTS=$WORKER_JVM_DEFAULTS
ENV

install -m 644 "$src/systemctl/dogdorm-dealer.service" "$src/systemctl/dogdorm-worker@.service" \
  /etc/systemd/system/
systemctl daemon-reload
if [ "$start" -eq 1 ]; then
  systemctl enable --now dogdorm-dealer.service
  for i in $(seq 1 "$workers"); do systemctl enable --now "dogdorm-worker@$i.service"; done
  echo "Dogdorm is running: http://127.0.0.1:8000/servers (systemctl status dogdorm-dealer)"
else
  echo "Installed. Start with: systemctl enable --now dogdorm-dealer dogdorm-worker@{1..$workers}"
fi
