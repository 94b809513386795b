# Shared by bin/dogdorm, bin/test and bin/bench: find a JDK 25+ and build the jars when they are missing or stale.
# shellcheck shell=bash

DOGDORM_HOME=${DOGDORM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

# The major version of a java binary, or 0.
java_major() {
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  case "$v" in
    1.*) echo "${v#1.}" | cut -d. -f1 ;;
    "") echo 0 ;;
    *) echo "${v%%.*}" ;;
  esac
}

# Sets JAVA to a java binary of version 25 or newer (the worker's ICMP uses the Foreign Function & Memory
# API): JAVA_HOME first, then the newest under /usr/lib/jvm, then the java on PATH. Prints a clear message
# and returns 1 when there is none.
# JVM defaults by role, before DOGDORM_JAVA_OPTS (the last -Xmx given wins). A worker's work is small and its
# lanes are virtual threads (about 30 MB live at 1,000 MQTT lanes): a 96 MB heap and the serial collector keep it
# under 256 MB of resident memory at 1,000 lanes of any kind; many thousands of lanes want a larger -Xmx.
# A dealer's heap grows with its table: about 1.2 KB per target and up to 0.7 KB for its last 30 checks, so
# 512 MB holds some 250,000 targets; a million want DOGDORM_JAVA_OPTS=-Xmx3g.
DEALER_JVM_DEFAULTS="-Xmx512m"
WORKER_JVM_DEFAULTS="-Xmx96m -XX:+UseSerialGC -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=64m"

find_jdk() {
  local candidates=() j best="" best_v=0 v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  for j in /usr/lib/jvm/*/bin/java; do [ -x "$j" ] && candidates+=("$j"); done
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 25 ]; then
    best="$JAVA_HOME/bin/java"
  else
    for j in "${candidates[@]}"; do
      [ -x "$j" ] || continue
      v=$(java_major "$j")
      if [ "$v" -ge 25 ] && [ "$v" -gt "$best_v" ]; then best="$j"; best_v=$v; fi
    done
  fi
  if [ -z "$best" ]; then
    echo "dogdorm: no Java 25 or newer found (looked at JAVA_HOME, /usr/lib/jvm/*, and java on PATH)." >&2
    echo "dogdorm: install a JDK 25+ (e.g. Temurin 25, or Debian's openjdk-25-jdk-headless) or point JAVA_HOME at one." >&2
    return 1
  fi
  JAVA="$best"
  JAVA_HOME=$(cd "$(dirname "$best")/.." && pwd)
  export JAVA_HOME
  if [ "$(java_major "$JAVA")" -ge 24 ]; then
    # Maven 3.8's bundled guava uses sun.misc.Unsafe: JDK 24+ warns unless told this is fine
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

# Installs Debian's maven when mvn is missing and we are root.
ensure_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "dogdorm: installing maven (Debian package)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends maven </dev/null >&2
  fi
  command -v mvn >/dev/null 2>&1 || { echo "dogdorm: mvn not found: install Maven (apt-get install maven)" >&2; return 1; }
}

DEALER_JAR="$DOGDORM_HOME/dealer/target/dogdorm-dealer-all.jar"
WORKER_JAR="$DOGDORM_HOME/worker/target/dogdorm-worker-all.jar"

# Builds the runnable jars of the named modules (dealer and worker when none are named) when one is missing or
# older than any file of the project's modules or its pom. Each module's jar is <module>/target/dogdorm-<module>-all.jar.
ensure_jars() {
  local modules=("$@") stale=0 m jar
  [ ${#modules[@]} -eq 0 ] && modules=(dealer worker)
  for m in "${modules[@]}"; do
    jar="$DOGDORM_HOME/$m/target/dogdorm-$m-all.jar"
    if [ ! -f "$jar" ] || [ -n "$(find "$DOGDORM_HOME/pom.xml" "$DOGDORM_HOME/common" "$DOGDORM_HOME/dealer" \
        "$DOGDORM_HOME/worker" "$DOGDORM_HOME/bench" -path '*/target' -prune -o -type f -newer "$jar" -print -quit \
        2>/dev/null)" ]; then
      stale=1
    fi
  done
  [ "$stale" -eq 0 ] && return 0
  ensure_maven || return 1
  echo "dogdorm: building the jars (mvn package, tests skipped)..." >&2
  # Maven's output (terminal escape codes even when quiet) is shown only when the build fails
  local out
  out=$(cd "$DOGDORM_HOME" && mvn -B -q -DskipTests -pl "$(IFS=,; echo "${modules[*]}")" -am package 2>&1) || {
    echo "$out" >&2; echo "dogdorm: build failed" >&2; return 1; }
}
