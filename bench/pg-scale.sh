#!/usr/bin/env bash
# Team mode at scale: N events (default 10,000,000) in a PostgreSQL cluster of its own, then the times of
# `report --by model --since 30d`, `report --by user --by project --since 30d` and `budget status` through
# the built jar (median of R runs). Needs Debian's postgresql package and target/llmcost.jar.
#   bench/pg-scale.sh [EVENTS] [RUNS]
# The events are spread over the 365 days before now: 50 users, each on one of 30 projects and 3 of 20 models,
# so the hourly rollup holds ~150 rows an hour (as a team's real usage would), filled in SQL as EventWriter would.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-10000000}
RUNS=${2:-5}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
JAR=target/llmcost.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
DIR=$(mktemp -d /tmp/llmcost-pgbench.XXXXXX)
chmod 755 "$DIR"
AS=()
if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; AS=(runuser -u postgres --); fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c log_min_duration_statement=0" start >/dev/null
trap '"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null; rm -rf "$DIR"' EXIT
PSQL=(psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1)
"${PSQL[@]}" -c "CREATE DATABASE llmcost"
URL="postgresql://postgres@127.0.0.1:$PORT/llmcost"
llmcost() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" --db "$URL" "$@"; }
llmcost report >/dev/null   # creates the schema
start=$(date +%s)
"${PSQL[@]}" -d llmcost <<SQL
INSERT INTO projects (name, created_at) SELECT 'project-' || p, '2025-01-01T00:00:00.000Z' FROM generate_series(0, 29) p;
INSERT INTO events (occurred_at, project_id, provider, model, input_tokens, output_tokens, cost_nanos, cost_source,
  "user", recorded_at)
SELECT to_char((now() - i * (interval '365 days' / $EVENTS)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  (i % 50) % 30 + 1, 'anthropic', 'model-' || ((i % 50 + i % 3) % 20), 1000 + i % 500, 200 + i % 100,
  1000 * (i % 1000 + 1), 'given', 'user-' || (i % 50), '2026-01-01T00:00:00.000Z'
FROM generate_series(1, $EVENTS) i;
INSERT INTO usage_hourly SELECT substr(occurred_at, 1, 13), project_id, provider, model, coalesce("user", ''), count(*),
  sum(input_tokens), sum(output_tokens), sum(cache_write_tokens), sum(cache_read_tokens), sum(reasoning_tokens),
  sum(coalesce(cost_nanos, 0)), sum(CASE WHEN cost_nanos IS NULL THEN 1 ELSE 0 END)
FROM events GROUP BY 1, 2, 3, 4, 5;
INSERT INTO usage_daily SELECT substr(hour, 1, 10), project_id, provider, model, "user", sum(requests), sum(input_tokens),
  sum(output_tokens), sum(cache_write_tokens), sum(cache_read_tokens), sum(reasoning_tokens), sum(cost_nanos),
  sum(unpriced_requests)
FROM usage_hourly GROUP BY 1, 2, 3, 4, 5;
VACUUM ANALYZE;
SQL
echo "loaded $EVENTS events in $(( $(date +%s) - start )) s; rows:"
"${PSQL[@]}" -d llmcost -At -c "SELECT 'events ' || (SELECT count(*) FROM events) || ', usage_hourly ' || (SELECT count(*) FROM usage_hourly) || ', usage_daily ' || (SELECT count(*) FROM usage_daily) || ', size ' || pg_size_pretty(pg_database_size('llmcost'))"
llmcost budget set --global --monthly 100000 >/dev/null 2>&1
llmcost budget set --user user-7 --daily 50 >/dev/null 2>&1
llmcost budget set --project project-3 --weekly 500 >/dev/null 2>&1
median() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local t0; t0=$(date +%s%N)
    llmcost "$@" >/dev/null || [ $? -ge 3 ]
    times+=($(( ($(date +%s%N) - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%d ms (min %d, max %d)", a[int((NR+1)/2)], a[1], a[NR]}'
}
echo "java: $(java -version 2>&1 | head -1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$DIR/log.mark"; MARK=$(wc -l < "$DIR/log")
echo "report --by model --since 30d:              $(median report --by model --since 30d)"
echo "report --by user --by project --since 30d:  $(median report --by user --by project --since 30d)"
echo "report --by day --since 90d:                $(median report --by day --since 90d)"
echo "budget status (3 budgets):                  $(median budget status)"
echo "record (one event, straight to the server): $(median record --model model-1 --input-tokens 10 --cost 0.01 --project project-1)"
echo "server side: the slowest statement of each timed run, ms (from log_min_duration_statement=0):"
tail -n +"$((MARK + 1))" "$DIR/log" | grep -o 'duration: [0-9.]* ms' | awk '{print $2}' | sort -n | tail -5 | tr '\n' ' '; echo
