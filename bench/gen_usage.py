#!/usr/bin/env python3
"""Writes a Telegram-bot-shaped usage.json with N records, streaming (constant memory)."""
import random
import sys

n = int(sys.argv[1])
out = sys.argv[2]
users = 50
rng = random.Random(42)
models = ["claude-3-5-haiku-20241022", "gpt-4o", "claude-sonnet-4-20250514", "gpt-4o-mini"]
per_user = [n // users + (1 if i < n % users else 0) for i in range(users)]
with open(out, "w") as f:
    f.write('{"users": {\n')
    for u in range(users):
        f.write(f' "{100000 + u}": {{"records": [\n')
        for i in range(per_user[u]):
            day = rng.randint(1, 28)
            f.write('  {"timestamp": "2026-%02d-%02dT%02d:%02d:%02d.%06d", "model": "%s", "request_type": "chat", '
                    '"input_tokens": %d, "output_tokens": %d, "cost": %d.%06d, "session_id": "s-%d"}%s\n' % (
                        rng.randint(1, 10), day, rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59),
                        rng.randint(0, 999999), rng.choice(models), rng.randint(1, 200000), rng.randint(1, 8000),
                        rng.randint(0, 9), rng.randint(0, 999999), rng.randint(1, 500),
                        "," if i < per_user[u] - 1 else ""))
        f.write(' ], "limits": {"daily": 100.0, "monthly": 1000.0}, "last_reset": "2026-11-01"}%s\n'
                % ("," if u < users - 1 else ""))
    f.write('}}\n')
