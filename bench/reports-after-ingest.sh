#!/usr/bin/env bash
# Reports after ingest, beside ccusage's full scan of the same Claude Code tree (issue #15):
#   bench/reports-after-ingest.sh CLAUDE_DIR [REPS]
# CLAUDE_DIR holds projects/*/*.jsonl (e.g. the agent-log tree bench/ generates). Installs llmcost into a
# scratch prefix as a user would, ingests the tree once, then times (medians of REPS, interleaved):
# report --by day (JSON), statusline on one of the tree's transcripts (unchanged), report --by block,
# and `ccusage claude daily --json --offline` when ccusage is installed (.ci/node or $CCUSAGE_BIN).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tree=$(cd "${1:?usage: $0 CLAUDE_DIR [REPS]}" && pwd)
reps=${2:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f "$root/target/llmcost.jar" ] || (cd "$root" && mvn -B -q -DskipTests package)
PREFIX="$work/prefix" HOME="$work/home" LLMCOST_DB="$work/install.db" "$root/install.sh" >/dev/null 2>&1
llmcost="$work/prefix/bin/llmcost"
export HOME="$work/home" XDG_CACHE_HOME="$work/cache" TZ=UTC
ccusage=${CCUSAGE_BIN:-$root/.ci/node/node_modules/.bin/ccusage}
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {printf "%d (min %d)", a[int((NR+1)/2)], a[1]}'; }
db="$work/tree.db"
files=$(find "$tree/projects" -name '*.jsonl' | wc -l)
echo "tree: $tree, $files transcripts, $(du -sh "$tree" | cut -f1); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "first ingest: $(ms "$llmcost" --db "$db" ingest claude-code --root "$tree") ms, $(sqlite3 "$db" 'SELECT count(*) FROM events') calls"
transcript=$(find "$tree/projects" -name '*.jsonl' -print -quit)
session=$(basename "$transcript" .jsonl)
printf '{"session_id":"%s","transcript_path":"%s","model":{"id":"claude-sonnet-4-5","display_name":"Sonnet"}}' \
  "$session" "$transcript" > "$work/status.json"
"$llmcost" --db "$db" statusline < "$work/status.json"
: > "$work/day"; : > "$work/status"; : > "$work/block"; : > "$work/peer"
for ((i = 0; i < reps; i++)); do
  ms "$llmcost" --db "$db" report --by day --format json >> "$work/day"
  s=$(date +%s%N); "$llmcost" --db "$db" statusline < "$work/status.json" >/dev/null 2>&1; e=$(date +%s%N)
  echo $(( (e - s) / 1000000 )) >> "$work/status"
  ms "$llmcost" --db "$db" report --by block --since 7d --format json >> "$work/block"
  if [ -x "$ccusage" ]; then
    CLAUDE_CONFIG_DIR="$tree" ms "$ccusage" claude daily --json --offline >> "$work/peer"
  fi
done
day=$(median < "$work/day")
echo "report --by day --format json:  $day ms"
echo "statusline (unchanged transcript): $(median < "$work/status") ms"
echo "report --by block --since 7d:    $(median < "$work/block") ms"
if [ -s "$work/peer" ]; then
  peer=$(median < "$work/peer")
  echo "ccusage claude daily --json --offline: $peer ms"
  awk -v a="${day%% *}" -v b="${peer%% *}" 'BEGIN { printf "report --by day is %.1f× faster than ccusage'"'"'s scan (target ≥ 8×)\n", b / a }'
fi
