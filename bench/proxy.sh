#!/usr/bin/env bash
# What llmcost proxy adds to each call: 1,000 calls at 8-way concurrency and 200 streams, straight to a fake
# upstream on 127.0.0.1 and through the installed proxy, interleaved (bench/ProxyBench.java). Nothing leaves
# the machine: the proxy has only the --upstream it is given.
#   bench/proxy.sh            full run
#   bench/proxy.sh --quick    smoke run (200 calls, 50 streams)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
calls=1000 streams=200
[ "${1:-}" = "--quick" ] && { calls=200; streams=50; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f "$root/target/llmcost.jar" ] || (cd "$root" && mvn -B -q -DskipTests package)
PREFIX="$work/prefix" HOME="$work/home" LLMCOST_DB="$work/install.db" "$root/install.sh" >/dev/null 2>&1
java_bin=$(sed -n 's/^exec "\([^"]*\)".*-jar.*/\1/p' "$work/prefix/bin/llmcost" | tail -n1)
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" LLMCOST_DB="$work/proxy.db"
export LLMCOST_PROXY_BUILTIN_UPSTREAMS=0
echo "llmcost proxy benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$java_bin" -version 2>&1 | head -n1)"
"$java_bin" "$root/bench/ProxyBench.java" "$work/prefix/bin/llmcost" "$calls" 8 "$streams"
recorded=$("$work/prefix/bin/llmcost" report --by provider --format csv | awk -F, 'NR > 1 { n += $2 } END { print n + 0 }')
echo "calls recorded: $recorded"
