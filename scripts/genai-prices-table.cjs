// Writes llmcost's price table (TSV, see PriceData.java for the format) from genai-prices' data.
// Usage: node scripts/genai-prices-table.cjs PACKAGE_DIR OUT_DIR
//   PACKAGE_DIR is an unpacked @pydantic/genai-prices npm package; every provider and model in it is kept.
//   OUT_DIR gets index.tsv (source and providers) and one PROVIDER.tsv of models per provider, so
//   that `record` reads only the provider it needs.
// Used by scripts/update-prices.sh; `llmcost prices update` does the same conversion in Java from data.json.
const fs = require('fs');
const Module = require('module');
const path = require('path');

const [pkgDir, outDir] = process.argv.slice(2);
const file = path.resolve(pkgDir, 'dist/index.cjs');
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));

// The package exports no list of its providers: compile its bundle with one more export, the data array.
const mod = new Module(file, null);
mod.filename = file;
mod.paths = Module._nodeModulePaths(path.dirname(file));
const source = fs.readFileSync(file, 'utf8');
const dataName = /^"use strict";Object\.defineProperty\(exports,Symbol\.toStringTag,\{value:"Module"\}\);const (\w+)=\[\{id:"/.exec(source);
if (!dataName) throw new Error('cannot find the provider data in ' + file);
mod._compile(source + `;module.exports.__providers=${dataName[1]};`, file);
const providers = mod.exports.__providers;
for (const id of ['anthropic', 'openai', 'google']) {
  if (!mod.exports.findProvider({providerId: id}) || !providers.some(p => p.id === id)) {
    throw new Error('provider data looks wrong: ' + id + ' missing');
  }
}

const esc = s => String(s).replace(/[%,()\t\n\r]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
function match(m) {
  if (!m) return '';
  if (m.or) return 'or(' + m.or.map(match).join(',') + ')';
  if (m.and) return 'and(' + m.and.map(match).join(',') + ')';
  const [[kind, value]] = Object.entries(m);
  const code = {equals: 'eq', starts_with: 'sw', ends_with: 'ew', contains: 'ct', regex: 're'}[kind];
  if (!code) throw new Error('unknown match ' + kind);
  return code + ':' + esc(value);
}
const num = v => {
  if (typeof v === 'number') return String(v);
  return [String(v.base), ...[...v.tiers].sort((a, b) => a.start - b.start).map(t => t.start + ':' + t.price)].join('/');
};
const priceSet = p => Object.entries(p).filter(([, v]) => v !== undefined).map(([k, v]) => k + '=' + num(v)).join(',');
function constraint(c) {
  if (!c) return '';
  if (c.type === 'start_date' || (c.start_date && !c.start_time)) return 'from:' + c.start_date + ' ';
  if (c.type === 'time_of_date' || c.start_time) return 'utc:' + c.start_time + '~' + c.end_time + ' ';
  throw new Error('unknown constraint ' + JSON.stringify(c));
}
const prices = m => Array.isArray(m.prices) ? m.prices.map(c => constraint(c.constraint) + priceSet(c.prices)) : [priceSet(m.prices)];

const date = process.env.GENERATED_DATE || new Date().toISOString().slice(0, 10);
const lines = [
  `# Prices in USD per million tokens (per thousand for *_kcount). Source: @pydantic/genai-prices ${pkg.version} (MIT) https://github.com/pydantic/genai-prices generated ${date} by scripts/update-prices.sh`,
  `V\t@pydantic/genai-prices\t${pkg.version}\t${date}`,
];
for (const p of providers) {
  lines.push(['P', p.id, match(p.provider_match), match(p.model_match), (p.fallback_model_providers || []).join(',')].join('\t'));
}
let models = 0;
fs.rmSync(outDir, {recursive: true, force: true});
fs.mkdirSync(outDir, {recursive: true});
for (const p of providers) {
  if (!/^[a-z0-9_.-]+$/.test(p.id)) throw new Error('provider id unfit for a file name: ' + p.id);
  const section = p.models.map(m => ['M', m.id, match(m.match), ...prices(m)].join('\t'));
  fs.writeFileSync(path.join(outDir, p.id + '.tsv'), section.join('\n') + '\n');
  models += section.length;
}
fs.writeFileSync(path.join(outDir, 'index.tsv'), lines.join('\n') + '\n');
console.error(`wrote ${providers.length} providers, ${models} models to ${outDir}`);
