#!/usr/bin/env bash
# Import benchmark: records/second and peak RSS of `import-json` with the JVM capped at -Xmx128m,
# for 100k and 1M records (or the sizes given). Prints one table; needs python3 and GNU time.
# Usage: bench/import.sh [N...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/target/llmcost.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -DskipTests package)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java=${JAVA:-java}
printf '%-10s %12s %10s %14s %12s\n' records file_MB seconds records_per_s peak_RSS_MB
for n in "${sizes[@]}"; do
  python3 "$root/bench/gen_usage.py" "$n" "$work/usage-$n.json"
  db="$work/db-$n/llmcost.db"
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$java" -Xmx128m -XX:+UseSerialGC -jar "$jar" --db "$db" --tz UTC \
    import-json "$work/usage-$n.json" --no-backup > "$work/out-$n.txt"
  end=$(date +%s.%N)
  rows=$(sqlite3 "$db" 'SELECT count(*) FROM events' 2>/dev/null || echo "?")
  [ "$rows" = "?" ] || [ "$rows" -eq "$n" ] || { echo "expected $n rows, found $rows" >&2; exit 1; }
  awk -v n="$n" -v s="$start" -v e="$end" -v bytes="$(stat -c %s "$work/usage-$n.json")" -v rss="$(cat "$work/rss")" \
    'BEGIN { secs = e - s; printf "%-10s %12.1f %10.2f %14.0f %12.1f\n", n, bytes / 1048576, secs, n / secs, rss / 1024 }' 
done
