#!/usr/bin/env bash
# Builds llmcost and installs the `llmcost` command into ${PREFIX:-$HOME/.local}/bin,
# the jar into $PREFIX/share/llmcost. Safe to re-run. Needs Java 17+ and Maven.
set -euo pipefail

PREFIX=${PREFIX:-$HOME/.local}
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "install.sh: $*" >&2; exit 1; }

find_java() {
  local candidate
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    local major
    major=$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)
    major=${major#1.}
    if [ -n "$major" ] && [ "$major" -ge 17 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

java_bin=$(find_java) || die "llmcost needs Java 17 or newer; install it (e.g. 'apt-get install openjdk-17-jdk') or set JAVA_HOME"

jar="$here/target/llmcost.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/src" "$here/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  command -v mvn >/dev/null 2>&1 || die "building llmcost needs Maven ('apt-get install maven')"
  echo "Building llmcost…" >&2
  (cd "$here" && JAVA_HOME=$(dirname "$(dirname "$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')/bin")") \
     mvn -B -q -DskipTests package) || die "the build failed; run 'mvn -B package' to see why"
fi

install -d "$PREFIX/bin" "$PREFIX/share/llmcost"
install -m 0644 "$jar" "$PREFIX/share/llmcost/llmcost.jar"
launcher="$PREFIX/bin/llmcost"
cat > "$launcher.tmp" <<LAUNCHER
#!/bin/sh
# llmcost launcher, written by install.sh. LLMCOST_JAVA_OPTS adds JVM flags.
java=\${LLMCOST_JAVA:-$java_bin}
exec "\$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto \$LLMCOST_JAVA_OPTS -jar "$PREFIX/share/llmcost/llmcost.jar" "\$@"
LAUNCHER
chmod 0755 "$launcher.tmp"
mv "$launcher.tmp" "$launcher"

echo "Installed $launcher" >&2
"$launcher" --version
case ":$PATH:" in
  *":$PREFIX/bin:"*) ;;
  *) echo "Add it to your PATH:  export PATH=\"$PREFIX/bin:\$PATH\"" >&2 ;;
esac
echo "Next: record a call with 'llmcost record --model claude-sonnet-4-5 --input-tokens 1200 --output-tokens 300', then 'llmcost report'." >&2
echo >&2
"$launcher" report
