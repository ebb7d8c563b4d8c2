#!/usr/bin/env bash
# llmcost serve: POSTs per second (one client, then 8 at once) and GET /api/usage latency, against a
# fresh database, beside sqlite3 inserting the same rows one transaction each (the floor every POST pays).
#   bench/serve.sh [POSTS_PER_CLIENT]   (default 200)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
posts=${1:-200}
for tool in java python3 sqlite3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: needs $tool" >&2; exit 1; }
done
[ -f "$root/target/llmcost.jar" ] || (cd "$root" && mvn -B -q -DskipTests package)
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export LLMCOST_DB="$work/llmcost.db" TZ=UTC XDG_CACHE_HOME="$work/cache"
java -jar "$root/target/llmcost.jar" serve --port 0 >"$work/url" 2>"$work/err" &
pid=$!
for _ in $(seq 1 60); do [ -s "$work/url" ] && break; sleep 0.5; done
[ -s "$work/url" ] || { echo "bench: serve did not start: $(cat "$work/err")" >&2; exit 1; }
echo "llmcost serve benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$(cat "$work/url")" "$posts" <<'PY'
import http.client, sys, threading, time, urllib.parse
url, posts = urllib.parse.urlparse(sys.argv[1]), int(sys.argv[2])

def client(tag, n, times):
    c = http.client.HTTPConnection(url.hostname, url.port)
    for i in range(n):
        t = time.perf_counter()
        c.request("POST", "/api/usage", headers={"Content-Type": "application/json"},
                  body='{"model": "gpt-4o", "input_tokens": %d, "output_tokens": 10, "id": "%s-%d"}' % (i, tag, i))
        r = c.getresponse(); r.read()
        assert r.status == 201, (r.status, r.reason)
        times.append(time.perf_counter() - t)

def median(xs):
    xs = sorted(xs); return xs[len(xs) // 2] * 1000

client("warm", 50, [])
one = []; t = time.perf_counter(); client("one", posts, one); d = time.perf_counter() - t
print("POST, 1 client:   %5.0f POST/s, median %.1f ms" % (posts / d, median(one)))
many = []; threads = [threading.Thread(target=client, args=("c%d" % k, posts, many)) for k in range(8)]
t = time.perf_counter(); [x.start() for x in threads]; [x.join() for x in threads]; d = time.perf_counter() - t
print("POST, 8 clients:  %5.0f POST/s, median %.1f ms" % (8 * posts / d, median(many)))
c = http.client.HTTPConnection(url.hostname, url.port); gets = []
for path in ["/api/usage?group_by=model&since=30d"] * 50:
    t = time.perf_counter(); c.request("GET", path); r = c.getresponse(); r.read(); gets.append(time.perf_counter() - t)
print("GET /api/usage?group_by=model&since=30d: median %.1f ms" % median(gets))
PY
sqlite3 "$work/floor.db" "PRAGMA journal_mode=WAL; CREATE TABLE t (a INTEGER, b TEXT);" >/dev/null
python3 - "$work/floor.db" "$posts" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None); db.execute("PRAGMA synchronous=FULL")
n = int(sys.argv[2]); t = time.perf_counter()
for i in range(n):
    db.execute("BEGIN IMMEDIATE"); db.execute("INSERT INTO t VALUES (?, 'x')", (i,)); db.execute("COMMIT")
d = time.perf_counter() - t
print("floor: SQLite from python, one WAL commit per row, synchronous=FULL: %5.0f commits/s" % (n / d))
PY
