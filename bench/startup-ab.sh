#!/usr/bin/env bash
# Start-up of the prompt and hook commands, two commits against each other and against the floor (a hello
# world with the launcher's own JVM and flags), in interleaved rounds so that a machine whose speed drifts
# affects both alike. Each commit is built and installed by its own install.sh into a scratch prefix.
#   bench/startup-ab.sh BEFORE AFTER [ROUNDS]      e.g. bench/startup-ab.sh main HEAD 21
# Prints the median ms of each command per commit, and its ratio to the floor.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 2 ] || { echo "usage: bench/startup-ab.sh BEFORE AFTER [ROUNDS]" >&2; exit 2; }
rounds=${3:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=UTC

install_at() { # name rev
  git -C "$root" worktree add -q --detach "$work/src-$1" "$2"
  (cd "$work/src-$1" && PREFIX="$work/$1" HOME="$work/home-$1" LLMCOST_DB="$work/install-$1.db" \
    ./install.sh >/dev/null 2>&1)
  git -C "$root" worktree remove --force "$work/src-$1"
}
install_at a "$1"
install_at b "$2"

launcher="$work/b/bin/llmcost"
java_bin=$(sed -n 's/^exec "\([^"]*\)".*-jar.*/\1/p' "$launcher" | tail -n1)
flags=$(sed -n 's/^exec "[^"]*" \(.*\) \$gc .*/\1 -XX:+UseSerialGC/p' "$launcher" | tail -n1)
mkdir -p "$work/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hi"); } }\n' > "$work/hello/Hello.java"
"$(dirname "$java_bin")/javac" -d "$work/hello" "$work/hello/Hello.java"

# One transcript, already ingested, as the statusline finds it at every refresh.
mkdir -p "$work/claude/projects/-bench"
printf '{"type":"assistant","sessionId":"s1","cwd":"/bench","timestamp":"2026-01-01T00:00:00.000Z","requestId":"r1","message":{"id":"m1","model":"claude-sonnet-4-5","usage":{"input_tokens":3,"output_tokens":4}}}\n' \
  > "$work/claude/projects/-bench/s1.jsonl"
printf '{"session_id":"s1","transcript_path":"%s","model":{"id":"claude-sonnet-4-5","display_name":"Sonnet"}}' \
  "$work/claude/projects/-bench/s1.jsonl" > "$work/status.json"
for v in a b; do
  HOME="$work/home-$v" XDG_CACHE_HOME="$work/cache-$v" "$work/$v/bin/llmcost" --db "$work/$v.db" statusline \
    < "$work/status.json" >/dev/null
done

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
run() { # version command...
  local v=$1; shift
  HOME="$work/home-$v" XDG_CACHE_HOME="$work/cache-$v" ms "$work/$v/bin/llmcost" --db "$work/$v.db" "$@"
}
names=(report budget-status statusline record)
declare -A times
for ((i = 0; i < rounds; i++)); do
  # shellcheck disable=SC2086
  times[floor]+="$(ms "$java_bin" $flags -cp "$work/hello" Hello) "
  for v in a b; do
    times[$v-report]+="$(run "$v" report --by model --since 30d --format csv) "
    times[$v-budget-status]+="$(run "$v" budget status --quiet) "
    s=$(date +%s%N)
    HOME="$work/home-$v" XDG_CACHE_HOME="$work/cache-$v" "$work/$v/bin/llmcost" --db "$work/$v.db" statusline \
      < "$work/status.json" >/dev/null 2>&1
    times[$v-statusline]+="$(( ($(date +%s%N) - s) / 1000000 )) "
    times[$v-record]+="$(run "$v" record --model gpt-4o --input-tokens 10 --output-tokens 5 --project bench) "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
floor=$(echo "${times[floor]}" | median)
echo "start-up, $rounds interleaved rounds, $(nproc) cores, $("$java_bin" -version 2>&1 | head -n1)"
echo "floor (hello world, same JVM and flags): $floor ms"
printf '%-16s %22s %22s\n' "median ms" "$1" "$2"
for name in "${names[@]}"; do
  a=$(echo "${times[a-$name]}" | median)
  b=$(echo "${times[b-$name]}" | median)
  printf '%-16s %14s = %4.2f× %14s = %4.2f×\n' "$name" "$a" "$(awk -v x="$a" -v f="$floor" 'BEGIN{print x/f}')" \
    "$b" "$(awk -v x="$b" -v f="$floor" 'BEGIN{print x/f}')"
done
