#!/usr/bin/env bash
# llmcost benchmark: prints one table of medians (min–max) over repeated runs, each beside its
# floor measured in the same run. Needs java, mvn, sqlite3, python3, GNU time.
#   bench/run.sh           full run (databases of 10k, 100k, 1M events; 1M-record import)
#   bench/run.sh --quick   smoke run for CI (small sizes, few repetitions)
#   Both end with the agent-log scenario: a generated Claude Code tree (276 MB full, 3 MB quick) ingested
#   first and unchanged, a report after it, and ccusage claude daily on the same tree when installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
quick=false
[ "${1:-}" = "--quick" ] && quick=true
if $quick; then reps=3; sizes=(1000 10000); writers=4; calls=10; import_n=10000
else reps=15; sizes=(1000 10000 100000 1000000); writers=16; calls=100; import_n=1000000; fi

for tool in java sqlite3 python3 /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: needs $tool" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f "$root/target/llmcost.jar" ] || (cd "$root" && mvn -B -q -DskipTests package)

# Install into a scratch prefix, exactly as a user would: same launcher, same JVM, same archives.
PREFIX="$work/prefix" HOME="$work/home" LLMCOST_DB="$work/install.db" "$root/install.sh" >/dev/null 2>&1
llmcost="$work/prefix/bin/llmcost"
java_bin=$(sed -n 's/^exec "\([^"]*\)".*-jar.*/\1/p' "$llmcost" | tail -n1)
flags=$(sed -n 's/^exec "[^"]*" \(.*\) \$gc .*/\1 -XX:+UseSerialGC/p' "$llmcost" | tail -n1)
mkdir -p "$work/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hi"); } }\n' > "$work/hello/Hello.java"
"$(dirname "$java_bin")/javac" -d "$work/hello" "$work/hello/Hello.java" 2>/dev/null || javac -d "$work/hello" "$work/hello/Hello.java"
export HOME="$work/home" XDG_CACHE_HOME="$work/cache" TZ=UTC

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
stats() { sort -n | awk '{a[NR]=$1} END {printf "%d (%d–%d)", a[int((NR+1)/2)], a[1], a[NR]}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
repeat() { local i; for ((i = 0; i < reps; i++)); do ms "$@"; done; }
row() { printf '%-44s %18s %18s %8s\n' "$1" "$2" "$3" "$4"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", (b > 0 ? a / b : 0) }'; }

echo "llmcost benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$java_bin" -version 2>&1 | head -n1)"
echo "launcher flags: $flags + the AOT cache or AppCDS archive; floor = hello world, same JVM and flags"
row "what" "median ms (min–max)" "floor ms" "ratio"

floor_runs=$(repeat "$java_bin" $flags -cp "$work/hello" Hello)
floor=$(echo "$floor_runs" | median)
db="$work/record.db"
"$llmcost" --db "$db" report >/dev/null
rec=$(repeat "$llmcost" --db "$db" record --model claude-sonnet-4-5 --input-tokens 1200 --output-tokens 300 --project bench)
row "record (flags)" "$(echo "$rec" | stats)" "$(echo "$floor_runs" | stats)" "$(ratio "$(echo "$rec" | median)" "$floor")"
json='{"id":"msg_x","model":"claude-sonnet-4-5","usage":{"input_tokens":12,"output_tokens":40}}'
recj=$(for ((i = 0; i < reps; i++)); do s=$(date +%s%N); echo "$json" | sed "s/msg_x/msg_$i/" | "$llmcost" --db "$db" record --json - >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); done)
row "record --json -" "$(echo "$recj" | stats)" "$floor" "$(ratio "$(echo "$recj" | median)" "$floor")"

# throughput: concurrent writers on one file, every row accounted for
tdb="$work/concurrent.db"
"$llmcost" --db "$tdb" report >/dev/null
start=$(date +%s%N)
for ((w = 0; w < writers; w++)); do
  ( for ((c = 0; c < calls; c++)); do "$llmcost" --db "$tdb" record --model gpt-4o --input-tokens 1 --id "$w-$c" || echo "fail $w-$c" >&2; done ) 2>>"$work/concurrent.err" &
done
wait
end=$(date +%s%N)
stored=$(sqlite3 "$tdb" 'SELECT count(*) FROM events')
total=$((writers * calls))
row "record ${writers}×${calls} concurrent: calls/s" "$(awk -v n="$total" -v t="$(( (end - start) / 1000000 ))" 'BEGIN { printf "%.1f", n * 1000 / t }')" "lost $((total - stored))" "$( [ -s "$work/concurrent.err" ] && echo errors || echo ok)"

# reports on databases of growing size, against sqlite3 running the same GROUP BY plus the JVM floor.
# The query part is the median minus the same command's median on an empty database (start-up, parsing,
# rendering), set beside sqlite3's time for the equivalent GROUP BY over the hourly rollup.
edb="$work/report-empty.db"
"$llmcost" --db "$edb" budget set --global --monthly 1000 >/dev/null 2>&1
"$llmcost" --db "$edb" budget set --project p1 --daily 50 >/dev/null 2>&1
e1=$(repeat "$llmcost" --db "$edb" report --by model --since 30d --format csv | median)
e2=$(repeat "$llmcost" --db "$edb" report --by day --since 90d --format csv | median)
e3=$(repeat "$llmcost" --db "$edb" budget status --quiet | median)
# statusline as Claude Code runs it: its JSON on stdin, one small transcript already ingested
mkdir -p "$work/claude/projects/-bench"
printf '{"type":"assistant","sessionId":"s1","cwd":"/bench","timestamp":"2026-01-01T00:00:00.000Z","requestId":"r1","message":{"id":"m1","model":"claude-sonnet-4-5","usage":{"input_tokens":3,"output_tokens":4}}}\n' > "$work/claude/projects/-bench/s1.jsonl"
printf '{"session_id":"s1","transcript_path":"%s","model":{"id":"claude-sonnet-4-5","display_name":"Sonnet"}}' "$work/claude/projects/-bench/s1.jsonl" > "$work/status.json"
"$llmcost" --db "$edb" statusline < "$work/status.json" >/dev/null
e4=$(for ((i = 0; i < reps; i++)); do s=$(date +%s%N); "$llmcost" --db "$edb" statusline < "$work/status.json" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); done | median)
row "report/budget on an empty database" "$e1 / $e2 / $e3" "$floor" "$(ratio "$e1" "$floor") $(ratio "$e2" "$floor") $(ratio "$e3" "$floor")"
row "statusline (unchanged transcript), empty db" "$e4" "$floor" "$(ratio "$e4" "$floor")"
part() { # part MEDIAN EMPTY SQLITE3: the query part and its ratio to sqlite3
  awk -v m="$1" -v e="$2" -v s="$3" 'BEGIN { q = m - e; if (q < 0) q = 0; printf "query %d ms = %.1f× sqlite3", q, (s > 0 ? q / s : 0) }'
}
declare -A m1 m2 m3
for n in "${sizes[@]}"; do
  rdb="$work/report-$n.db"
  "$llmcost" --db "$rdb" report >/dev/null
  python3 "$root/bench/gen_events.py" "$n" | sqlite3 "$rdb"
  "$llmcost" --db "$rdb" budget set --global --monthly 1000 >/dev/null 2>&1
  "$llmcost" --db "$rdb" budget set --project p1 --daily 50 >/dev/null 2>&1
  since30=$(date -u -d '30 days ago' +%Y-%m-%dT%H:%M:%S.000Z)
  since90=$(date -u -d '90 days ago' +%Y-%m-%dT%H:%M:%S.000Z)
  q1=$(repeat "$llmcost" --db "$rdb" report --by model --since 30d --format csv)
  s1=$(repeat sqlite3 "$rdb" "SELECT model, sum(requests), sum(cost_nanos) FROM usage_hourly WHERE hour >= substr('$since30',1,13) GROUP BY model")
  row "report --by model --since 30d @ $n" "$(echo "$q1" | stats)" "sqlite3 $(echo "$s1" | median) + $floor" "$(ratio "$(echo "$q1" | median)" $(( $(echo "$s1" | median) + floor )))"
  row "" "$(part "$(echo "$q1" | median)" "$e1" "$(echo "$s1" | median)")" "" ""
  q2=$(repeat "$llmcost" --db "$rdb" report --by day --since 90d --format csv)
  s2=$(repeat sqlite3 "$rdb" "SELECT substr(hour,1,10), sum(requests), sum(cost_nanos) FROM usage_hourly WHERE hour >= substr('$since90',1,13) GROUP BY 1")
  row "report --by day --since 90d @ $n" "$(echo "$q2" | stats)" "sqlite3 $(echo "$s2" | median) + $floor" "$(ratio "$(echo "$q2" | median)" $(( $(echo "$s2" | median) + floor )))"
  row "" "$(part "$(echo "$q2" | median)" "$e2" "$(echo "$s2" | median)")" "" ""
  q3=$(repeat "$llmcost" --db "$rdb" budget status --quiet)
  row "budget status @ $n" "$(echo "$q3" | stats)" "$floor" "$(ratio "$(echo "$q3" | median)" "$floor")"
  row "" "query $(( $(echo "$q3" | median) - e3 )) ms over the empty database" "" ""
  q4=$(repeat "$llmcost" --db "$rdb" report --by block --since 7d --format csv)
  row "report --by block --since 7d @ $n (raw events)" "$(echo "$q4" | stats)" "$floor" "$(ratio "$(echo "$q4" | median)" "$floor")"
  m1[$n]=$(echo "$q1" | median); m2[$n]=$(echo "$q2" | median); m3[$n]=$(echo "$q3" | median)
done
first=${sizes[0]}; last=${sizes[-1]}
row "growth ${last} vs ${first} events (model/day/budget)" "$(ratio "${m1[$last]}" "${m1[$first]}") $(ratio "${m2[$last]}" "${m2[$first]}") $(ratio "${m3[$last]}" "${m3[$first]}")" "" ""

# prune on the largest database
n=${sizes[-1]}
cp "$work/report-$n.db" "$work/prune.db"
p=$(ms "$llmcost" --db "$work/prune.db" prune --days 90 --quiet)
row "prune --days 90 @ $n events" "$p" "" ""

# import with the heap capped
"$root/bench/import.sh" "$import_n" | tail -n1 | awk '{ printf "%-44s %18s %18s %8s\n", "import-json " $1 " records (-Xmx128m)", $3 " s", $4 " rec/s", int($5) " MB RSS" }'

# agent logs: a generated Claude Code tree (bench/gen_claude_tree.py, deterministic); first ingest, unchanged
# re-ingest and a report after it, with ccusage's full scan of the same tree beside them when it is installed
if $quick; then tree_mb=3; else tree_mb=276; fi
tree="$work/claude"
gen=$(python3 "$root/bench/gen_claude_tree.py" "$tree" --mb "$tree_mb")
row "agent logs: generated Claude Code tree" "$tree_mb MB" "$(echo "$gen" | cut -d, -f1)" ""
ccusage_bin="$root/.ci/node/node_modules/.bin/ccusage"
[ -x "$ccusage_bin" ] || ccusage_bin=$(command -v ccusage || true)
adb="$work/agents.db"
ingest_out=$( { /usr/bin/time -f "%e %M" "$llmcost" --db "$adb" ingest claude-code --root "$tree" >/dev/null; } 2>&1 | tail -n1)
first_ms=$(awk -v s="${ingest_out% *}" 'BEGIN { printf "%d", s * 1000 }')
first_rss=$(( ${ingest_out#* } / 1024 ))
cc_ms=0
if [ -n "$ccusage_bin" ]; then
  cc_ms=$(for ((i = 0; i < 3; i++)); do CLAUDE_CONFIG_DIR="$tree" ms "$ccusage_bin" claude daily --json --offline; done | median)
fi
row "ingest claude-code (first)" "$first_ms ms, $first_rss MB RSS" "ccusage $cc_ms" "$(ratio "$first_ms" "$cc_ms")"
if ! $quick; then
  qtree="$work/claude-quarter"
  python3 "$root/bench/gen_claude_tree.py" "$qtree" --mb $(( tree_mb / 4 )) >/dev/null
  q_out=$( { /usr/bin/time -f "%e %M" "$llmcost" --db "$work/agents-quarter.db" ingest claude-code --root "$qtree" >/dev/null; } 2>&1 | tail -n1)
  row "ingest claude-code (first, 1/4 of the tree)" "$(awk -v s="${q_out% *}" 'BEGIN { printf "%d", s * 1000 }') ms, $(( ${q_out#* } / 1024 )) MB RSS" "" ""
fi
eday=$(repeat "$llmcost" --db "$work/agents-empty.db" report --by day --format csv | median)
re=$(repeat "$llmcost" --db "$adb" ingest claude-code --root "$tree")
row "ingest claude-code (unchanged)" "$(echo "$re" | stats)" "report@empty $eday" "$(ratio "$(echo "$re" | median)" "$eday")"
rep=$(repeat "$llmcost" --db "$adb" report --by day --format csv)
row "report --by day after ingest" "$(echo "$rep" | stats)" "ccusage $cc_ms" "$(ratio "$cc_ms" "$(echo "$rep" | median)") faster"
