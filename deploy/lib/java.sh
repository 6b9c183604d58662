# Sourced by ./mvnw and the scripts (POSIX sh): makes JAVA_HOME point at a JDK >= 21.
#
# The build compiles for release 21 and surefire forks the JVM that Maven runs on, so an older default
# java (17 on many Linux distributions) fails the tests with "class file version 65". A JAVA_HOME or
# a java on PATH that is new enough is kept; otherwise the newest JDK >= 21 in the usual install
# locations is used (ORDERFLOW_JDK_DIRS, space-separated, adds or replaces those locations).

ORDERFLOW_MIN_JAVA=21

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p'
}

# Prints the JDK home of the newest java >= ORDERFLOW_MIN_JAVA under the given directories.
newest_jdk_under() {
  best_home='' best_major=0
  restore_noglob=false
  case $- in *f*) restore_noglob=true; set +f ;; esac
  for dir in "$@"; do
    for home in "$dir"/*; do
      [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
      major=$(java_major "$home/bin/java")
      [ -n "$major" ] || continue
      if [ "$major" -ge "$ORDERFLOW_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
        best_home=$home best_major=$major
      fi
    done
  done
  if $restore_noglob; then set -f; fi
  [ -n "$best_home" ] && printf '%s\n' "$best_home"
}

ensure_java21() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    current_major=$(java_major "$JAVA_HOME/bin/java")
    if [ "${current_major:-0}" -ge "$ORDERFLOW_MIN_JAVA" ]; then
      export JAVA_HOME
      return 0
    fi
    current="JAVA_HOME=$JAVA_HOME (Java ${current_major:-unknown})"
  elif command -v java >/dev/null 2>&1; then
    path_java=$(command -v java)
    current_major=$(java_major "$path_java")
    if [ "${current_major:-0}" -ge "$ORDERFLOW_MIN_JAVA" ]; then
      JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$path_java")")")
      export JAVA_HOME
      return 0
    fi
    current="$path_java (Java ${current_major:-unknown})"
  else
    current="no java on PATH and no JAVA_HOME"
  fi

  # shellcheck disable=SC2086 # the list is space-separated on purpose
  found=$(newest_jdk_under ${ORDERFLOW_JDK_DIRS:-/usr/lib/jvm /usr/java /opt/java /usr/local/lib/jvm \
    "${HOME:-/nonexistent}/.sdkman/candidates/java" "${HOME:-/nonexistent}/.jdks"}) || found=''
  if [ -n "$found" ]; then
    if [ -n "${JAVA_HOME:-}" ]; then
      echo "Using the JDK at $found: $current is older than $ORDERFLOW_MIN_JAVA." >&2
    fi
    JAVA_HOME=$found
    export JAVA_HOME
    return 0
  fi
  echo "A JDK $ORDERFLOW_MIN_JAVA or newer is required and none was found ($current): install one (for example the openjdk-21-jdk or temurin-21-jdk package) or set JAVA_HOME to it." >&2
  return 1
}
