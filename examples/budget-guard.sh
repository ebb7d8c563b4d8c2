#!/usr/bin/env bash
# Runs an agent step again and again until the budget is over its limit (exit 3 from
# `llmcost budget status`); an alert (exit 4) is shown but does not stop the loop.
#   budget-guard.sh --project website -- ./run-agent-step.sh
scope=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do scope+=("$1"); shift; done
shift
while true; do
  llmcost budget status "${scope[@]}" --quiet
  case $? in
    3) echo "budget-guard: budget exceeded; stopping" >&2; exit 3 ;;
    4) echo "budget-guard: budget past its alert threshold" >&2 ;;
  esac
  "$@" || exit $?
done
