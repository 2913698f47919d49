# Sourced by ./descent and ./run-tests: sets JAVA_HOME to a JDK >= 25 or explains how to get one.
# Order: JAVA_HOME, then `java` on PATH, then the usual install folders.

descent_java_major() {  # prints the major version of the java binary given as $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}

descent_find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    local onpath
    onpath="$(readlink -f "$(command -v java)")"
    candidates+=("$(dirname "$(dirname "$onpath")")")
  fi
  local dir
  for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$dir" ] && candidates+=("$dir")
  done
  local home major
  for home in "${candidates[@]}"; do
    if [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ]; then
      major="$(descent_java_major "$home/bin/java")"
      if [ -n "$major" ] && [ "$major" -ge 25 ]; then
        export JAVA_HOME="$home"
        return 0
      fi
    fi
  done
  cat >&2 <<'MSG'
descent: no JDK 25 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, /opt/java).
Install one, for example Temurin 25 (https://adoptium.net) or your distribution's openjdk-25-jdk,
then run this command again, or point JAVA_HOME at it.
MSG
  return 1
}
