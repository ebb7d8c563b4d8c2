#!/usr/bin/env bash
# Regenerates src/main/resources/dev/llmcost/pricing/prices.tsv from the MIT-licensed
# @pydantic/genai-prices package on the npm registry. Needs node and npm.
# Usage: scripts/update-prices.sh [VERSION]
set -euo pipefail
version=${1:-latest}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@pydantic/genai-prices@$version" >/dev/null && tar xzf ./*.tgz)
out="$root/src/main/resources/dev/llmcost/pricing/prices.tsv"
node - "$work/package" "$out" <<'JS'
const [pkgDir, out] = process.argv.slice(2);
const fs = require('fs');
const gp = require(pkgDir + '/dist/index.cjs');
const pkg = JSON.parse(fs.readFileSync(pkgDir + '/package.json', 'utf8'));
// Providers in lookup order; openrouter last because it mirrors the others under "vendor/model" ids.
const providers = ['anthropic', 'openai', 'google', 'mistral', 'deepseek', 'x-ai', 'cohere',
  'perplexity', 'groq', 'openrouter'];
const num = v => v === undefined ? '' : (typeof v === 'object' ? String(v.base) : String(v));
// Flattens the match tree into alternatives, each a list of conditions that must all hold.
function alternatives(m) {
  if (m.or) return m.or.flatMap(alternatives);
  if (m.and) return m.and.map(alternatives).reduce((acc, alts) =>
    acc.flatMap(a => alts.map(b => a.concat(b))), [[]]);
  const [[kind, value]] = Object.entries(m);
  const code = {equals: 'eq', starts_with: 'sw', ends_with: 'ew', contains: 'ct', regex: 're'}[kind];
  if (!code) throw new Error('unknown match ' + kind);
  return [[code + ':' + value]];
}
const lines = [
  `# Prices in USD per million tokens. Source: @pydantic/genai-prices ${pkg.version} (MIT),`,
  `# https://github.com/pydantic/genai-prices, generated ${new Date().toISOString().slice(0, 10)} by scripts/update-prices.sh.`,
  '# Tiered prices keep their base tier; date-dependent prices keep the newest.',
  '# provider\tmodel\tmatch\tinput\toutput\tcache_write\tcache_read',
];
for (const id of providers) {
  const p = gp.findProvider({providerId: id});
  if (!p) continue;
  for (const m of p.models) {
    const prices = Array.isArray(m.prices) ? m.prices[m.prices.length - 1].prices : m.prices;
    if (prices.input_mtok === undefined && prices.output_mtok === undefined) continue;
    for (const alt of alternatives(m.match)) {
      if (alt.some(c => /[\t\n]/.test(c))) continue;
      lines.push([id, m.id, alt.join(' && '), num(prices.input_mtok), num(prices.output_mtok),
        num(prices.cache_write_mtok), num(prices.cache_read_mtok)].join('\t'));
    }
  }
}
fs.writeFileSync(out, lines.join('\n') + '\n');
console.error(`wrote ${lines.length - 4} price rows to ${out}`);
JS
