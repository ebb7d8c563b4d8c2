#!/usr/bin/env python3
"""Writes large GitHub Copilot CLI, pi-agent and Amp trees for bench/new-agents.sh (deterministic), in the shapes
of docs/AGENTS.md and the test fixtures (CopilotFixture, PiFixture, AmpFixture), and DIR/expected.json: per agent
the calls and total tokens llmcost should count, and the total tokens ccusage 20.0.24 should count (the documented
differences: a resumed Copilot session's later shutdowns, which ccusage counts only above the previous one per
model; and, as the other acceptable figure, a forked pi session's copied calls counted twice).
usage: gen_new_agents.py DIR COPILOT_SESSIONS PI_SESSIONS PI_CALLS_PER_SESSION AMP_THREADS AMP_CALLS_PER_THREAD"""
import datetime, json, os, random, sys

out = os.path.abspath(sys.argv[1])  # absolute: a pi fork names its parent by path
cp_sessions, pi_sessions, pi_calls, amp_threads, amp_calls = (int(a) for a in sys.argv[2:7])
rnd = random.Random(26)
base = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
expected = {}
TEXT = "Looking at the failing test, the fixture writes the shutdown event twice; the reader keys it by event id. " * 2


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def uuid(prefix, n):
    return "%08x-%04x-4%03x-8%03x-%012x" % (prefix, n % 65536, n % 4096, (n * 7) % 4096, n)


# ---- GitHub Copilot CLI: ~/.copilot/session-state/<id>/events.jsonl, usage only in session.shutdown ----
cp_models = ["claude-sonnet-4.5", "gpt-5", "gemini-2.5-pro", "claude-haiku-4.5"]
calls = ours = theirs = 0
counter = 0
for s in range(cp_sessions):
    sid = uuid(0xc0c0, s)
    d = os.path.join(out, "copilot", "session-state", sid)
    os.makedirs(d, exist_ok=True)
    t = base + datetime.timedelta(minutes=rnd.randint(0, 28 * 24 * 60))
    lines = [json.dumps({"type": "session.start", "id": uuid(0xe0, counter), "timestamp": iso(t),
                         "data": {"sessionId": sid, "version": 1, "producer": "copilot-agent", "copilotVersion": "0.0.350",
                                  "context": {"cwd": "/home/dev/p%d" % (s % 13)}}})]
    previous = {}
    stays = 1 if s % 10 else 2  # one session in ten is resumed: a second shutdown with that stay's own figures
    for stay in range(stays):
        if stay:
            t += datetime.timedelta(hours=rnd.randint(1, 20))
            lines.append(json.dumps({"type": "session.resume", "id": uuid(0xe0, counter), "timestamp": iso(t), "data": {}}))
        for turn in range(rnd.randint(3, 10)):
            counter += 1
            t += datetime.timedelta(seconds=rnd.randint(20, 400))
            lines.append(json.dumps({"type": "user.message", "id": uuid(0xe1, counter), "timestamp": iso(t),
                                     "data": {"content": "step %d: why does session.shutdown not fire?" % turn}}))
            lines.append(json.dumps({"type": "assistant.message", "id": uuid(0xe2, counter), "timestamp": iso(t),
                                     "data": {"messageId": "m%d" % counter, "content": TEXT,
                                              "toolRequests": [{"toolCallId": "c%d" % counter, "name": "bash"}]}}))
            lines.append(json.dumps({"type": "tool.execution_start", "id": uuid(0xe3, counter), "timestamp": iso(t),
                                     "data": {"toolCallId": "c%d" % counter, "toolName": "bash",
                                              "arguments": {"command": "grep -n session.shutdown events.jsonl"}}}))
            lines.append(json.dumps({"type": "tool.execution_complete", "id": uuid(0xe4, counter), "timestamp": iso(t),
                                     "data": {"toolCallId": "c%d" % counter, "success": True, "result": {"content": TEXT}}}))
        t += datetime.timedelta(seconds=30)
        metrics = {}
        for m in range(1 + rnd.randint(0, 2)):
            model = cp_models[(s + m) % len(cp_models)]
            read = rnd.randint(0, 400_000)
            write = rnd.randint(0, 30_000) if model.startswith("claude") else 0
            net, output = 100 + rnd.randint(0, 20_000), 10 + rnd.randint(0, 9_000)
            reasoning = rnd.randint(0, output) if model.startswith("gpt") else 0
            metrics[model] = {"requests": {"count": rnd.randint(1, 30), "cost": 1},
                              "usage": {"inputTokens": net + read + write, "outputTokens": output, "cacheReadTokens": read,
                                        "cacheWriteTokens": write, "reasoningTokens": reasoning}}
            now = (net, output, write, read)
            calls += 1
            ours += sum(now)
            before = previous.get(model, (0, 0, 0, 0))
            theirs += sum(max(0, a - b) for a, b in zip(now, before))
            previous[model] = now
        counter += 1
        lines.append(json.dumps({"type": "session.shutdown", "id": uuid(0xe5, counter), "timestamp": iso(t),
                                 "data": {"shutdownType": "routine", "totalPremiumRequests": 3, "modelMetrics": metrics}}))
    with open(os.path.join(d, "events.jsonl"), "w") as f:
        f.write("\n".join(lines) + "\n")
expected["copilot"] = {"calls": calls, "llmcost_tokens": ours, "ccusage_tokens": theirs,
                       "note": "resumed sessions: ccusage counts a later shutdown only above the previous one"}

# ---- pi-agent: ~/.pi/agent/sessions/--<cwd>--/<time>_<uuid>.jsonl, append-only ----
pi_models = [("anthropic", "claude-sonnet-4-5"), ("openai", "gpt-5"), ("google", "gemini-2.5-pro"), ("openai-codex", "gpt-5.1-codex")]
calls = ours = extra = 0
entry_no = 0
for s in range(pi_sessions):
    cwd = "/home/dev/repo%d" % (s % 17)
    start = base + datetime.timedelta(minutes=rnd.randint(0, 28 * 24 * 60))
    sid = uuid(0x9191, s)
    d = os.path.join(out, "pi", "--" + cwd[1:].replace("/", "-") + "--")
    os.makedirs(d, exist_ok=True)
    lines = [json.dumps({"type": "session", "version": 3, "id": sid, "timestamp": iso(start), "cwd": cwd})]
    last = [None]

    def entry(kind, at, **fields):
        global entry_no
        entry_no += 1
        e = {"type": kind, "id": "%08x" % entry_no, "parentId": last[0], "timestamp": iso(at)}
        e.update(fields)
        last[0] = e["id"]
        return e
    at = start
    lines.append(json.dumps(entry("model_change", at, provider="anthropic", modelId="claude-sonnet-4-5")))
    calls_here = []
    for c in range(pi_calls):
        at += datetime.timedelta(seconds=rnd.randint(5, 240))
        ms = int(at.timestamp() * 1000)
        lines.append(json.dumps(entry("message", at, message={"role": "user", "content": "step %d" % c, "timestamp": ms})))
        provider, model = pi_models[(s + c // 10) % len(pi_models)]
        inp, outp = 1 + rnd.randint(0, 6000), 1 + rnd.randint(0, 3000)
        read = rnd.randint(0, 90_000) if provider in ("openai", "anthropic", "openai-codex") else rnd.randint(0, 2) * 1000
        write = rnd.randint(0, 12_000) if provider == "anthropic" else 0
        usage = {"input": inp, "output": outp, "cacheRead": read, "cacheWrite": write, "totalTokens": inp + outp + read + write}
        if c % 2 == 0:
            usage["cost"] = {"input": 0.001, "output": 0.002, "cacheRead": 0, "cacheWrite": 0, "total": 0.003}
        at2 = at + datetime.timedelta(seconds=rnd.randint(1, 60))
        line = json.dumps(entry("message", at2, message={
            "role": "assistant", "api": "anthropic-messages", "provider": provider, "model": model,
            "content": [{"type": "text", "text": TEXT}, {"type": "toolCall", "id": "call_%d" % c, "name": "bash",
                                                           "arguments": {"command": "ls"}}],
            "usage": usage, "stopReason": "toolUse", "timestamp": ms}))
        lines.append(line)
        calls_here.append((line, usage["totalTokens"]))
        calls += 1
        ours += usage["totalTokens"]
        lines.append(json.dumps(entry("message", at2, message={"role": "toolResult", "toolCallId": "call_%d" % c, "toolName": "bash",
                                                             "content": [{"type": "text", "text": TEXT}], "isError": False,
                                                             "timestamp": ms})))
    name = iso(start).replace(":", "-").replace(".", "-") + "_" + sid + ".jsonl"
    with open(os.path.join(d, name), "w") as f:
        f.write("\n".join(lines) + "\n")
    if s % 50 == 7:  # /fork: a new file copying the first half unchanged (ccusage counts the copies again)
        fid = uuid(0xf0f0, s)
        half = lines[1:len(lines) // 2]
        fork = [json.dumps({"type": "session", "version": 3, "id": fid, "timestamp": iso(at), "cwd": cwd,
                            "parentSession": os.path.join(d, name)})] + half
        copied = set(half)
        extra += sum(tokens for line, tokens in calls_here if line in copied)
        with open(os.path.join(d, iso(at).replace(":", "-").replace(".", "-") + "_" + fid + ".jsonl"), "w") as f:
            f.write("\n".join(fork) + "\n")
# These forks are chained as pi writes them (the copies' ids and parentIds kept, nothing after) and name a parent
# inside the tree: ccusage 20.0.24 then counts the copies once. Where it cannot resolve the parent, or a fork's own
# entries do not continue the copied chain (PiFixture's), it counts them again: the other documented figure.
expected["pi"] = {"calls": calls, "llmcost_tokens": ours, "ccusage_tokens": ours,
                  "ccusage_alt_tokens": ours + extra, "note": "forked sessions: ccusage counts the copied calls again"}

# ---- Amp: ~/.local/share/amp/threads/T-<uuid>.json, one JSON document per thread, rewritten whole ----
amp_models = ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "gpt-5"]
calls = ours = 0
tdir = os.path.join(out, "amp", "threads")
os.makedirs(tdir, exist_ok=True)
for th in range(amp_threads):
    tid = "T-" + uuid(0xa3a3, th)
    t = base + datetime.timedelta(minutes=rnd.randint(0, 28 * 24 * 60))
    messages = []
    for c in range(amp_calls):
        t += datetime.timedelta(seconds=rnd.randint(5, 300))
        messages.append({"role": "user", "messageId": len(messages), "content": [{"type": "text", "text": "step %d" % c}]})
        model = amp_models[(th + c // 8) % len(amp_models)]
        inp, outp = 5 + rnd.randint(0, 400), rnd.randint(1, 3000)
        write, read = rnd.randint(0, 9000) if c % 2 == 0 else 0, rnd.randint(0, 60000)
        messages.append({"role": "assistant", "messageId": len(messages),
                         "content": [{"type": "text", "text": TEXT}, {"type": "tool_use", "id": "tu%d" % c, "name": "Read",
                                                                        "input": {"path": "src/main.ts"}}],
                         "state": {"type": "complete", "stopReason": "tool_use"},
                         "usage": {"model": model, "timestamp": iso(t), "inputTokens": inp, "outputTokens": outp,
                                   "cacheCreationInputTokens": write, "cacheReadInputTokens": read,
                                   "totalInputTokens": inp + write + read, "totalTokens": inp + outp + write + read,
                                   "credits": 0.5}})
        calls += 1
        ours += inp + outp + write + read
    thread = {"v": 40 + amp_calls, "id": tid, "created": int(base.timestamp() * 1000), "title": "thread %d" % th,
              "messages": messages, "env": {"initial": {"trees": [{"displayName": "repo%d" % (th % 11)}]}}}
    with open(os.path.join(tdir, tid + ".json"), "w") as f:
        json.dump(thread, f, indent=2)
expected["amp"] = {"calls": calls, "llmcost_tokens": ours, "ccusage_tokens": ours, "note": "none"}

with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
