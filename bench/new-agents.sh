#!/usr/bin/env bash
# Ingest speed of three of issue 26's readers on large generated trees (bench/gen_new_agents.py), beside ccusage's
# scan of the same tree: GitHub Copilot CLI (events.jsonl that only grow), pi-agent (session JSONL that only grow)
# and Amp (thread JSON documents rewritten whole). For each: llmcost's first ingest, its re-ingest with nothing
# changed, and `ccusage AGENT daily --json --offline` (COPILOT_HOME, PI_AGENT_DIR, AMP_DATA_DIR); wall and CPU
# (user+sys) seconds and peak RSS, llmcost's time over ccusage's, and a check that llmcost's calls and tokens are
# what the generator wrote and that ccusage's tokens equal them or differ by exactly the documented difference
# (docs/AGENTS.md). On a shared machine the CPU figure is the steadier one.
#   bench/new-agents.sh [--quick | --medium]     (default: the full size)
#   CCUSAGE_BIN=/path/to/ccusage overrides .ci/node/node_modules/.bin/ccusage (ccusage 20.0.24)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
case "${1:-}" in   # copilot sessions, pi sessions x calls, amp threads x calls
  --quick) size=(300 30 100 30 100) ;;
  --medium) size=(5000 300 100 300 100) ;;
  "") size=(20000 1000 100 1000 100) ;;
  *) echo "usage: bench/new-agents.sh [--quick | --medium]" >&2; exit 2 ;;
esac
ccusage=${CCUSAGE_BIN:-$root/.ci/node/node_modules/.bin/ccusage}   # .ci/run installs it
if [ -z "${CCUSAGE_BIN:-}" ] && [ ! -x "$ccusage" ]; then   # in a git worktree: the main checkout's
  common=$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
  [ -n "$common" ] && ccusage=$(dirname "$common")/.ci/node/node_modules/.bin/ccusage
fi
for tool in java python3 /usr/bin/time "$ccusage"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: needs $tool (ccusage: set CCUSAGE_BIN)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f "$root/target/llmcost.jar" ] || (cd "$root" && mvn -B -q -DskipTests package)
# An empty HOME: neither tool finds anything but the tree it is pointed at (ccusage's copilot reader would also
# read ~/.copilot/otel).
export HOME="$work/home" XDG_CACHE_HOME="$work/cache" TZ=UTC
mkdir -p "$HOME"
python3 "$root/bench/gen_new_agents.py" "$work/trees" "${size[@]}"
trees=$work/trees
echo "llmcost $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(java -version 2>&1 | head -n1), $("$ccusage" --version 2>/dev/null | head -n1)"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load $(cut -d' ' -f1-3 /proc/loadavg) before"
for a in copilot pi amp; do
  echo "tree $a: $(find "$trees/$a" -type f | wc -l) files, $(du -sh "$trees/$a" | cut -f1), $(python3 -c "import json; print(json.load(open('$trees/expected.json'))['$a']['calls'])") calls"
done

timed() { # label out-file command...: runs it under /usr/bin/time; sets wall cpu rss
  local label=$1 out=$2; shift 2
  /usr/bin/time -f "%e %M %U %S" -o "$work/t" "$@" > "$out" 2> "$work/err" || { echo "bench: $label failed:" >&2; cat "$work/err" >&2; exit 1; }
  wall=$(cut -d' ' -f1 "$work/t"); cpu=$(awk '{printf "%.2f", $3 + $4}' "$work/t"); rss=$(( $(cut -d' ' -f2 "$work/t") / 1024 ))
}
row() { printf '%-8s %-24s wall %7s s  cpu %7s s  %5s MB  %s\n' "$@"; }

status=0
printf '\n'
for a in copilot pi amp; do
  case $a in copilot) var=COPILOT_HOME ;; pi) var=PI_AGENT_DIR ;; amp) var=AMP_DATA_DIR ;; esac
  db=$work/$a.db
  timed "llmcost ingest $a" "$work/out" java -jar "$root/target/llmcost.jar" --db "$db" ingest "$a" --root "$trees/$a"
  w1=$wall c1=$cpu
  row "$a" "llmcost first ingest" "$wall" "$cpu" "$rss" "$(grep -o '[0-9,]* new call(s)' "$work/out" | tail -n1)"
  timed "llmcost re-ingest $a" "$work/out" java -jar "$root/target/llmcost.jar" --db "$db" ingest "$a" --root "$trees/$a"
  w2=$wall c2=$cpu
  row "$a" "llmcost nothing changed" "$wall" "$cpu" "$rss" "$(grep -o '[0-9,]* new call(s)' "$work/out" | tail -n1)"
  timed "ccusage $a" "$work/ccusage.json" env "$var=$trees/$a" "$ccusage" "$a" daily --json --offline
  row "$a" "ccusage $a daily" "$wall" "$cpu" "$rss" "(${var})"
  awk -v a="$a" -v w="$wall" -v c="$cpu" -v w1="$w1" -v c1="$c1" -v w2="$w2" -v c2="$c2" 'BEGIN {
    if (w <= 0) w = 0.01; if (c <= 0) c = 0.01
    printf "%-8s llmcost / ccusage        first ingest: wall %.2fx, cpu %.2fx;  nothing changed: wall %.2fx, cpu %.2fx\n",
      a, w1 / w, c1 / c, w2 / w, c2 / c }'
  java -jar "$root/target/llmcost.jar" --db "$db" report --by day --format json --tz UTC --since 2020-01-01 > "$work/report.json"
  python3 - "$a" "$trees/expected.json" "$work/report.json" "$work/ccusage.json" <<'EOF' || status=3
import json, sys
agent, expected, report, peer = sys.argv[1], json.load(open(sys.argv[2]))[sys.argv[1]], json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
rows = report["rows"]
calls = sum(r["requests"] for r in rows)
ours = sum(r["input_tokens"] + r["output_tokens"] + r["cache_write_tokens"] + r["cache_read_tokens"] for r in rows)
theirs = sum(d["totalTokens"] for d in peer["daily"])
ok = calls == expected["calls"] and ours == expected["llmcost_tokens"]
line = "%-8s check: llmcost %d calls, %d tokens (%s); ccusage %d tokens: " % (
    agent, calls, ours, "as generated" if ok else "GENERATED %d calls, %d tokens" % (expected["calls"], expected["llmcost_tokens"]), theirs)
if theirs == ours:
    line += "equal" + (" (forked sessions' copied calls counted once by both)" if "ccusage_alt_tokens" in expected else "")
elif theirs == expected["ccusage_tokens"]:
    line += "%+d, the documented difference (%s)" % (theirs - ours, expected["note"])
elif theirs == expected.get("ccusage_alt_tokens"):
    line += "%+d, the documented difference (%s)" % (theirs - ours, expected["note"])
else:
    line += "DIFFERS by %+d (expected %+d: %s)" % (theirs - ours, expected["ccusage_tokens"] - ours, expected["note"])
    ok = False
print(line)
sys.exit(0 if ok else 3)
EOF
  echo
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg) after"
exit $status
