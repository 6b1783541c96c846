# shellcheck shell=bash
# Picks a JDK 21 or newer for the build and for running gantry; sourced by bin/gantry and
# scripts/test. Order: $JAVA_HOME if it is new enough, else the newest JDK under /usr/lib/jvm,
# else the JDK of the javac on PATH. A JDK (javac), not a JRE, because Maven compiles with it.

GANTRY_MIN_JAVA=21

# Prints the feature version (8, 17, 21, 25, ...) of the JDK in $1, or nothing.
gantry_jdk_feature() {
  local home=$1 version=""
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  if [[ -r "$home/release" ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release")
  fi
  if [[ -z "$version" ]]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  fi
  version=${version#1.}    # 1.8.0_412 -> 8
  version=${version%%[!0-9]*}
  [[ -n "$version" ]] && printf '%s\n' "$version"
  return 0
}

# Sets and exports JAVA_HOME to a JDK >= 21, or explains what it found and returns 1.
gantry_use_jdk() {
  local feature
  # the user's choice wins whenever it is new enough
  if [[ -n "${JAVA_HOME:-}" ]]; then
    feature=$(gantry_jdk_feature "$JAVA_HOME")
    if [[ -n "$feature" && "$feature" -ge "$GANTRY_MIN_JAVA" ]]; then
      export JAVA_HOME
      return 0
    fi
  fi
  local candidates=() home dir best="" best_feature=0 seen=""
  [[ -n "${JAVA_HOME:-}" ]] && seen+="  JAVA_HOME=$JAVA_HOME: ${feature:-not a JDK}"$'\n'
  for dir in /usr/lib/jvm/*/; do
    [[ -d "$dir" ]] && candidates+=("${dir%/}")
  done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for home in "${candidates[@]}"; do
    feature=$(gantry_jdk_feature "$home")
    seen+="  $home: ${feature:-not a JDK}"$'\n'
    if [[ -n "$feature" && "$feature" -gt "$best_feature" ]]; then
      best=$home
      best_feature=$feature
    fi
  done
  if [[ "$best_feature" -lt "$GANTRY_MIN_JAVA" ]]; then
    {
      echo "gantry: needs a JDK $GANTRY_MIN_JAVA or newer (java and javac), and found none."
      [[ -n "$seen" ]] && printf 'Looked at (feature version):\n%s' "$seen"
      echo "Install one (for example Eclipse Temurin $GANTRY_MIN_JAVA, or openjdk-$GANTRY_MIN_JAVA-jdk where your"
      echo "distribution has it) and point JAVA_HOME at it."
    } >&2
    return 1
  fi
  export JAVA_HOME=$best
  return 0
}
