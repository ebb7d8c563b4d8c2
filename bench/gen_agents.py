#!/usr/bin/env python3
"""Writes large Gemini CLI and OpenCode trees for bench/agents.sh (deterministic).
usage: gen_agents.py DIR OPENCODE_MESSAGES GEMINI_SESSIONS GEMINI_CALLS_PER_SESSION"""
import json, os, random, sqlite3, sys

out, oc_n, g_sessions, g_calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(1)
base = 1_790_000_000_000 - oc_n * 40_000  # epoch ms: the messages end in Sep 2026, before the bench runs (as OpenCode's do)

oc = os.path.join(out, "opencode")
os.makedirs(oc, exist_ok=True)
db = sqlite3.connect(os.path.join(oc, "opencode.db"))
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, time_created INTEGER NOT NULL, "
           "time_updated INTEGER NOT NULL, data TEXT NOT NULL)")
rows = []
for i in range(oc_n):
    t = base + i * 40_000
    inp, outp, reas = rnd.randint(1, 8000), rnd.randint(1, 4000), rnd.randint(0, 2000)
    cr, cw = rnd.randint(0, 150_000), rnd.randint(0, 20_000)
    data = {"role": "assistant", "providerID": "anthropic", "modelID": "claude-sonnet-4-20250514",
            "time": {"created": t, "completed": t + 5000}, "path": {"cwd": "/home/dev/p%d" % (i % 7), "root": "/home/dev/p%d" % (i % 7)},
            "tokens": {"total": inp + outp + reas + cr + cw, "input": inp, "output": outp, "reasoning": reas,
                       "cache": {"read": cr, "write": cw}}, "cost": round(rnd.random() / 10, 6), "finish": "stop"}
    rows.append(("msg_%08d" % i, "ses_%05d" % (i // 50), t, t, json.dumps(data)))
    rows.append(("msg_%08du" % i, "ses_%05d" % (i // 50), t - 1000, t - 1000, json.dumps({"role": "user", "time": {"created": t - 1000}})))
db.executemany("INSERT INTO message VALUES (?, ?, ?, ?, ?)", rows)
db.commit()
db.close()

g = os.path.join(out, "gemini")
for s in range(g_sessions):
    chats = os.path.join(g, "proj%d" % (s % 9), "chats")
    os.makedirs(chats, exist_ok=True)
    sid = "sess-%06d-aaaa" % s
    lines = [json.dumps({"sessionId": sid, "projectHash": "h", "startTime": "2026-11-10T08:00:00.000Z"})]
    for c in range(g_calls):
        ts = "2026-11-%02dT%02d:%02d:00.000Z" % (10 + (s + c) % 15, c % 24, s % 60)
        p, cached, cand, th = rnd.randint(2000, 60000), 0, rnd.randint(1, 2000), rnd.randint(0, 3000)
        cached = rnd.randint(0, p)
        msg = {"id": "m-%d-%d" % (s, c), "timestamp": ts, "type": "gemini", "content": [], "model": "gemini-2.5-pro"}
        lines.append(json.dumps({"id": "u-%d-%d" % (s, c), "timestamp": ts, "type": "user", "content": [{"text": "hi"}]}))
        lines.append(json.dumps(msg))
        msg["tokens"] = {"input": p, "output": cand, "cached": cached, "thoughts": th, "tool": 0, "total": p + cand + th}
        lines.append(json.dumps(msg))
    with open(os.path.join(chats, "session-2026-11-10T08-00-%s.jsonl" % sid), "w") as f:
        f.write("\n".join(lines) + "\n")
