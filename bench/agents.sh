#!/usr/bin/env bash
# Ingest speed of the Gemini CLI and OpenCode readers on large generated trees (bench/gen_agents.py):
# the first ingest, a re-run with nothing changed, and a re-run after one new call (OpenCode: one message
# appended as OpenCode writes it, time_updated = now, so only rows updated since the last read are read; a
# Gemini session file is read whole). Prints wall and CPU (user+sys) seconds and peak RSS: on a shared
# machine the CPU figure is the steadier one. LLMCOST_JAR picks another build (e.g. an older one to compare).
#   bench/agents.sh [OPENCODE_MESSAGES] [GEMINI_SESSIONS] [CALLS_PER_SESSION]   (default 100000 1000 50)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}; sessions=${2:-1000}; calls=${3:-50}
for tool in java python3 sqlite3 /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: needs $tool" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jar=${LLMCOST_JAR:-$root/target/llmcost.jar}
[ -f "$jar" ] || (cd "$root" && mvn -B -q -DskipTests package)
export HOME="$work/home" XDG_CACHE_HOME="$work/cache" TZ=UTC
python3 "$root/bench/gen_agents.py" "$work/trees" "$n" "$sessions" "$calls"
echo "trees: opencode $n messages ($(du -sh "$work/trees/opencode" | cut -f1)), gemini $sessions sessions x $calls calls ($(du -sh "$work/trees/gemini" | cut -f1)); load $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"
run() { # agent tree label
  /usr/bin/time -f "%e %M %U %S" -o "$work/t" java -jar "$jar" --db "$work/$1.db" ingest "$1" --root "$2" > "$work/out" 2>&1
  printf '%-11s %-16s wall %6s s  cpu %6s s  %5s MB  %s\n' "$1" "$3" "$(cut -d' ' -f1 "$work/t")" \
    "$(awk '{printf "%.2f", $3 + $4}' "$work/t")" "$(( $(cut -d' ' -f2 "$work/t") / 1024 ))" \
    "$(grep -o '[0-9,]* new call(s)' "$work/out" | tail -n1)"
}
run opencode "$work/trees/opencode" "first ingest"
run opencode "$work/trees/opencode" "nothing changed"
# one message appended as OpenCode writes it: time_created and time_updated are its clock (ms) at the insert
sqlite3 "$work/trees/opencode/opencode.db" "INSERT INTO message SELECT 'msg_new', session_id,
  strftime('%s','now') * 1000, strftime('%s','now') * 1000, data FROM message WHERE id = 'msg_00000000'"
run opencode "$work/trees/opencode" "one new message"
run gemini-cli "$work/trees/gemini" "first ingest"
run gemini-cli "$work/trees/gemini" "nothing changed"
file="$work/trees/gemini/proj0/chats/session-2026-11-10T08-00-sess-000000-aaaa.jsonl"
tail -n1 "$file" | sed 's/"id": "m-/"id": "new-m-/' >> "$file"
run gemini-cli "$work/trees/gemini" "one new call"
