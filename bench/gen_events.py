#!/usr/bin/env python3
"""SQL that fills a fresh llmcost database with N events over the last 120 days, and their hourly and daily rollups."""
import sys
n = int(sys.argv[1])
print("BEGIN;")
print("INSERT OR IGNORE INTO projects (id, name, created_at) VALUES (1,'p1','x'),(2,'p2','x'),(3,'p3','x'),(4,'p4','x');")
print(f"""
WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < {n - 1})
INSERT INTO events (occurred_at, project_id, provider, model, input_tokens, output_tokens, cache_write_tokens,
  cache_read_tokens, reasoning_tokens, cost_nanos, cost_source, user, session, agent, recorded_at)
SELECT strftime('%Y-%m-%dT%H:%M:%f', 'now', '-' || ((i * 7919) % (120 * 86400)) || ' seconds') || 'Z',
  1 + i % 4, CASE i % 3 WHEN 0 THEN 'openai' ELSE 'anthropic' END,
  CASE i % 5 WHEN 0 THEN 'gpt-4o' WHEN 1 THEN 'gpt-4o-mini' WHEN 2 THEN 'claude-sonnet-4-5' WHEN 3 THEN 'claude-opus-4-1' ELSE 'claude-haiku-4-5' END,
  100 + i % 5000, 10 + i % 700, 0, i % 9000, 0, 1000 + (i % 100000), 'priced',
  'u' || (i % 7), 's' || (i % 500), 'a' || (i % 3), 'x'
FROM seq;""")
print("""
INSERT INTO usage_hourly (hour, project_id, provider, model, user, requests, input_tokens, output_tokens,
  cache_write_tokens, cache_read_tokens, reasoning_tokens, cost_nanos, unpriced_requests)
SELECT substr(occurred_at, 1, 13), project_id, provider, model, coalesce(user, ''), count(*), sum(input_tokens),
  sum(output_tokens), sum(cache_write_tokens), sum(cache_read_tokens), sum(reasoning_tokens),
  sum(coalesce(cost_nanos, 0)), sum(cost_nanos IS NULL)
FROM events GROUP BY 1, 2, 3, 4, 5;
INSERT INTO usage_daily (day, project_id, provider, model, user, requests, input_tokens, output_tokens,
  cache_write_tokens, cache_read_tokens, reasoning_tokens, cost_nanos, unpriced_requests)
SELECT substr(hour, 1, 10), project_id, provider, model, user, sum(requests), sum(input_tokens), sum(output_tokens),
  sum(cache_write_tokens), sum(cache_read_tokens), sum(reasoning_tokens), sum(cost_nanos), sum(unpriced_requests)
FROM usage_hourly GROUP BY 1, 2, 3, 4, 5;
COMMIT;
ANALYZE;""")
