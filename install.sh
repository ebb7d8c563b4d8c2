#!/usr/bin/env bash
# Installs llmcost: the launcher into $PREFIX/bin, the jar (and class-data archives for fast
# starts, trained on the common commands) into $PREFIX/share/llmcost, completions for bash, zsh and fish, and man pages.
# PREFIX defaults to ~/.local; PREFIX=/usr/local works as root. Safe to re-run.
#   ./install.sh              build if needed, install, run a first `llmcost report`
#   ./install.sh --uninstall  remove exactly what was installed (your database stays)
set -euo pipefail

PREFIX=${PREFIX:-$HOME/.local}
here=$(cd "$(dirname "$0")" && pwd)
share="$PREFIX/share/llmcost"
manifest="$share/installed-files"

say() { echo "install.sh: $*" >&2; }
die() { say "$*"; exit 1; }

uninstall() {
  if [ ! -f "$manifest" ]; then
    say "nothing to uninstall under $PREFIX"
    return 0
  fi
  while IFS= read -r file; do
    [ -n "$file" ] && rm -f "$file" && say "removed $file"
  done < "$manifest"
  rm -f "$manifest"
  rmdir "$share/native" 2>/dev/null || true
  rmdir "$share" 2>/dev/null || true
  say "uninstalled; your database and price overrides are untouched"
}

if [ "${1:-}" = "--uninstall" ]; then
  uninstall
  exit 0
elif [ -n "${1:-}" ]; then
  die "unknown option '$1' (use --uninstall or nothing)"
fi

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1 | sed 's/^1\.//'
}

# The newest Java >= 17 among JAVA_HOME, the JDKs under /usr/lib/jvm, and PATH: a newer JVM starts faster here.
best_java=""
best_major=0
for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" /usr/lib/jvm/*/bin/java "$(command -v java 2>/dev/null || true)"; do
  [ -n "$candidate" ] && [ -x "$candidate" ] || continue
  major=$(java_major "$candidate" || true)
  case "$major" in ''|*[!0-9]*) continue ;; esac
  if [ "$major" -ge 17 ] && [ "$major" -gt "$best_major" ]; then
    best_java=$(readlink -f "$candidate")
    best_major=$major
  fi
done
[ -n "$best_java" ] || die "llmcost needs Java 17 or newer; install one (e.g. 'apt-get install openjdk-17-jre-headless') or set JAVA_HOME"

jar="$here/target/llmcost.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/src" "$here/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  command -v mvn >/dev/null 2>&1 || die "building llmcost needs Maven ('apt-get install maven') and a JDK 17+"
  say "building llmcost (mvn package)…"
  # Batch mode, quiet, no colour; Maven 3.8's jansi still writes a colour reset (ESC[0m) at exit unless told not to.
  (cd "$here" && MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -B -q -Dstyle.color=never -DskipTests package) \
    || die "the build failed; run 'mvn -B package' to see why"
fi

if [ "$PREFIX" = "$HOME/.local" ] || case "$PREFIX" in "$HOME"/*) true ;; *) false ;; esac; then
  bash_dir="${XDG_DATA_HOME:-$HOME/.local/share}/bash-completion/completions"
  fish_dir="${XDG_CONFIG_HOME:-$HOME/.config}/fish/completions"
else
  bash_dir="$PREFIX/share/bash-completion/completions"
  fish_dir="$PREFIX/share/fish/vendor_completions.d"
fi
zsh_dir="$PREFIX/share/zsh/site-functions"
man_dir="$PREFIX/share/man/man1"

installed=()
put() { # put MODE SOURCE TARGET
  install -D -m "$1" "$2" "$3"
  installed+=("$3")
}

# With the default PREFIX, $PREFIX/share/llmcost is also where the database lives (XDG data dir):
# keep it private then, as llmcost itself would have made it.
if [ "$share" = "${XDG_DATA_HOME:-$HOME/.local/share}/llmcost" ]; then
  install -d -m 0700 "$share"
  chmod 0700 "$share"
else
  install -d -m 0755 "$share"
fi
put 0644 "$jar" "$share/llmcost.jar"
put 0644 "$here/completions/llmcost.bash" "$bash_dir/llmcost"
put 0644 "$here/completions/_llmcost" "$zsh_dir/_llmcost"
put 0644 "$here/completions/llmcost.fish" "$fish_dir/llmcost.fish"
for page in "$here"/man/*.1; do
  put 0644 "$page" "$man_dir/$(basename "$page")"
done

# Flags for a short-lived CLI: C1 only, the serial GC, the class-data archive for this JDK, and:
# - the plain console: JDK 22+ otherwise looks up its jline console provider to answer System.console();
# - the JDK's fallback locale data instead of CLDR (HOST has no provider on Linux): sqlite-jdbc builds a
#   date format on every connection, and loading CLDR for it took ~15 ms; llmcost formats nothing by locale.
# (The jar's manifest says Enable-Native-Access: ALL-UNNAMED, which keeps JDK 22+ quiet about
# sqlite-jdbc; passing the flag as well made the class-data archive report a mismatch on stderr.)
flags="-XX:TieredStopAtLevel=1 -Xss512k -Djdk.console=java.base -Djava.locale.providers=HOST"
train_db=$(mktemp -d)
trap 'rm -rf "$train_db"' EXIT
train() { # runs the commands hooks and prompts run most (record, report, budget status...) to record an archive
  local archive=$1
  shift
  XDG_CACHE_HOME="$train_db/cache" "$best_java" $flags -XX:+UseSerialGC $native_flags "$archive" \
    -jar "$share/llmcost.jar" __train "$train_db" "$@" >/dev/null 2>&1 || true
}
# A dynamic AppCDS archive, recorded from a training run of the common commands, picocli's included.
archive_flag=""
native_flags=""
rm -f "$share/llmcost.jsa" "$share/llmcost.aot"
train "-XX:ArchiveClassesAtExit=$share/llmcost.jsa"
if [ -s "$share/llmcost.jsa" ]; then
  archive_flag="-XX:SharedArchiveFile=$share/llmcost.jsa"
  installed+=("$share/llmcost.jsa")
fi
# The training run unpacked sqlite-jdbc's native library for this platform; keep it beside the jar and
# point the driver at it, so no run has to look for it (reading the driver's version took ~10 ms).
native_lib=$(find "$train_db/cache/llmcost/native" -type f -name 'libsqlitejdbc.*' 2>/dev/null | head -n1)
if [ -n "$native_lib" ]; then
  put 0644 "$native_lib" "$share/native/$(basename "$native_lib")"
  # (its temp directory too: on its first load the driver lists that, /tmp by default, for stale copies)
  native_flags="-Dorg.sqlite.lib.path=$share/native -Dorg.sqlite.lib.name=$(basename "$native_lib") -Dorg.sqlite.tmpdir=$share/native"
fi
# On JDK 25+, an AOT cache for the commands that run without picocli (record, report, budget status,
# statusline, ingest): besides the classes it keeps them linked, lambdas and string concatenations
# included, which took a report from ~157 to ~122-138 ms here. Its training leaves picocli out: JDK 25
# cannot link picocli's Java 5 classes ahead of time, and its assembly crashed with them in the run.
# The launcher gives every other command the AppCDS archive.
aot_flag="$archive_flag"
if [ "$best_major" -ge 25 ]; then
  train "-XX:AOTCacheOutput=$share/llmcost.aot" --fast-paths
  rm -f "$share/llmcost.aot.config" # the JVM's temporary file, left behind if its assembly failed
  if [ -s "$share/llmcost.aot" ]; then
    aot_flag="-XX:AOTCache=$share/llmcost.aot"
    installed+=("$share/llmcost.aot")
  else
    rm -f "$share/llmcost.aot"
  fi
fi

launcher="$PREFIX/bin/llmcost"
mkdir -p "$PREFIX/bin"
# An update of the JDK rewrites its lib/modules (package managers give it the build's date); when that is
# newer than the launcher, written after the archives, the launcher leaves the archives out: the JVM would
# refuse them, with errors on stderr, on every run.
java_home=$(dirname "$(dirname "$(readlink -f "$best_java" 2>/dev/null || echo "$best_java")")")
jdk_modules="$java_home/lib/modules"
cat > "$launcher.tmp" <<LAUNCHER
#!/bin/sh
# llmcost launcher, written by install.sh for Java $best_major. LLMCOST_JAVA_OPTS adds JVM flags;
# LLMCOST_JAVA picks another java (then the archives, made for this one, are left out).
# The serial collector suits short commands. An ingest (a first one reads every agent log there is)
# gets the parallel collector and a bounded heap: the JVM's default first heap is 1/64 of the RAM,
# all of it touched before the first collection, so the peak memory grew with the machine and the tree.
# The commands that run without picocli start from the AOT cache, the others from the AppCDS archive.
gc="-XX:+UseSerialGC"
archive="$archive_flag"
skip=""
budget=""
for arg in "\$@"; do
  if [ -n "\$skip" ]; then skip=""; continue; fi
  case "\$arg" in
    --db|--tz) skip=1 ;;
    -*) ;;
    ingest) gc="-XX:+UseParallelGC -Xmx160m"; archive="$aot_flag"; break ;;
    record|report|statusline) archive="$aot_flag"; break ;;
    budget) [ -n "\$budget" ] && break; budget=1 ;;
    status) [ -n "\$budget" ] && archive="$aot_flag"; break ;;
    *) break ;;
  esac
done
if [ "$jdk_modules" -nt "$launcher" ]; then
  archive="" # the JDK changed since install.sh ran: run it again to have the archives made anew
fi
if [ -n "\${LLMCOST_JAVA:-}" ]; then
  exec "\$LLMCOST_JAVA" -XX:TieredStopAtLevel=1 \$gc \${LLMCOST_JAVA_OPTS:-} -jar "$share/llmcost.jar" "\$@"
fi
exec "$best_java" $flags \$gc $native_flags \$archive -Xlog:disable -Xlog:all=warning:stderr \${LLMCOST_JAVA_OPTS:-} -jar "$share/llmcost.jar" "\$@"
LAUNCHER
chmod 0755 "$launcher.tmp"
mv "$launcher.tmp" "$launcher"
installed+=("$launcher")
printf '%s\n' "${installed[@]}" | sort -u > "$manifest"

say "installed $launcher (Java $best_major: $best_java)"
say "jar and class-data archives in $share; man pages in $man_dir"
say "completions: $bash_dir/llmcost, $zsh_dir/_llmcost, $fish_dir/llmcost.fish"
"$launcher" --version
case ":$PATH:" in
  *":$PREFIX/bin:"*) ;;
  *) say "add it to your PATH:  export PATH=\"$PREFIX/bin:\$PATH\"" ;;
esac
say "next: llmcost record --model claude-sonnet-4-5 --input-tokens 1200 --output-tokens 300, then llmcost report"
echo >&2
"$launcher" report
