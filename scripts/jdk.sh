# Sourced by ./freshet and scripts/test.sh: exports JAVA_HOME (and PATH) of a JDK 21 or newer, or stops with one
# line saying what is wrong. A JAVA_HOME or a java on the PATH that is older is never used silently.
# FRESHET_JDK_DIRS: where to look for another JDK when the given one is older (default: the usual install places).
java_major() {
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)"
  case "$v" in ''|*[!0-9]*) echo 0 ;; *) echo "$v" ;; esac
}

freshet_select_jdk() {
  local given="" major=0 candidate dirs="${FRESHET_JDK_DIRS:-/usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home}"
  if [ -n "${JAVA_HOME:-}" ]; then
    given="JAVA_HOME=$JAVA_HOME"
    major="$(java_major "$JAVA_HOME/bin/java")"
  elif command -v java >/dev/null 2>&1; then
    given="the java on the PATH ($(command -v java))"
    major="$(java_major "$(command -v java)")"
    [ "$major" -ge 21 ] && export JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  fi
  local given_major="$major"
  if [ "$major" -lt 21 ]; then
    for candidate in $dirs; do
      if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ]; then
        export JAVA_HOME="$candidate"
        major=21
        break
      fi
    done
  fi
  if [ "$major" -lt 21 ]; then
    if [ -n "$given" ]; then
      echo "Freshet needs a JDK 21 or newer: $given is Java $given_major, and none newer is in ${FRESHET_JDK_DIRS:-/usr/lib/jvm}; install one and set JAVA_HOME to it" >&2
    else
      echo "Freshet needs a JDK 21 or newer: no java was found (JAVA_HOME unset, none on the PATH or in ${FRESHET_JDK_DIRS:-/usr/lib/jvm}); install one and set JAVA_HOME to it" >&2
    fi
    exit 1
  fi
  export PATH="$JAVA_HOME/bin:$PATH"
}
freshet_select_jdk
