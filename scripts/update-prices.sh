#!/usr/bin/env bash
# Regenerates src/main/resources/dev/llmcost/pricing/genai-prices/ (index.tsv + one file per provider) from the MIT-licensed
# @pydantic/genai-prices package on the npm registry: every provider and model, with match rules,
# long-context tiers, dated and time-of-day prices and 1-hour cache writes. Needs node and npm.
# Usage: scripts/update-prices.sh [VERSION]   (pin the same version in .ci/run)
set -euo pipefail
version=${1:-latest}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@pydantic/genai-prices@$version" >/dev/null && tar xzf ./*.tgz)
node "$root/scripts/genai-prices-table.cjs" "$work/package" "$root/src/main/resources/dev/llmcost/pricing/genai-prices"
