// Prices calls with @pydantic/genai-prices' own engine, for GenaiPricesComparisonIT.
// Usage: node genai-prices-calc.cjs PACKAGE_DIR < calls.jsonl > prices.jsonl
// Each input line: {"provider": "...", "model": "...", "timestamp": "ISO", "usage": {genai-prices usage keys}}.
// Each output line: {"total_price": number|null, "provider": id|null, "model": id|null} or {"error": "..."}.
// The (provider, model) rule is llmcost's, made of engine calls only: the provider named when the
// data knows it, else the one the model name selects; a "vendor/model" name nothing matches is tried
// as "model" at "vendor".
const readline = require('readline');
const gp = require(require('path').resolve(process.argv[2]));
console.warn = () => {};
const rl = readline.createInterface({input: process.stdin});
const out = [];
rl.on('line', line => {
  if (!line.trim()) return;
  const call = JSON.parse(line);
  try {
    const timestamp = new Date(call.timestamp);
    const known = gp.findProvider({providerId: call.provider});
    let result = gp.calcPrice(call.usage, call.model, known ? {providerId: call.provider, timestamp} : {timestamp});
    const slash = call.model.indexOf('/');
    if (!result && slash > 0 && gp.findProvider({providerId: call.model.slice(0, slash)})) {
      result = gp.calcPrice(call.usage, call.model.slice(slash + 1), {providerId: call.model.slice(0, slash), timestamp});
    }
    out.push(JSON.stringify(result ? {total_price: result.total_price, provider: result.provider.id, model: result.model.id}
      : {total_price: null, provider: null, model: null}));
  } catch (e) {
    out.push(JSON.stringify({error: String(e && e.message || e)}));
  }
});
rl.on('close', () => process.stdout.write(out.join('\n') + (out.length ? '\n' : '')));
