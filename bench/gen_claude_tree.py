#!/usr/bin/env python3
"""Writes a deterministic Claude Code config dir (DIR/projects/<project>/<session>.jsonl) of about
--mb megabytes, shaped like real transcripts: user turns with tool results, assistant turns with text
and tool_use content, each assistant message streamed on 1-3 lines (same message.id and requestId),
summaries, a few synthetic error turns, and resumed sessions that replay earlier messages.
Prints the number of distinct calls and the bytes written.
    bench/gen_claude_tree.py DIR [--mb 60] [--seed 1]
"""
import argparse
import json
import os
import random

MODELS = ["claude-sonnet-4-20250514", "claude-opus-4-1-20250805", "claude-3-5-haiku-20241022",
          "claude-sonnet-4-5-20250929"]
WORDS = ("the of and to in is for on with that this file test function error value return config "
         "build line path user data call model token cache read write session project fix update").split()


def text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--mb", type=float, default=60)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    target = int(args.mb * 1024 * 1024)
    written = 0
    calls = 0
    n = 0
    session_no = 0
    projects = [f"/home/dev/project-{p:02d}" for p in range(24)]
    history = []
    while written < target:
        cwd = projects[session_no % len(projects)]
        pdir = os.path.join(args.dir, "projects", cwd.replace("/", "-"))
        os.makedirs(pdir, exist_ok=True)
        session = f"{session_no:08x}-5e55-4000-8000-{session_no:012x}"
        day = 1 + (session_no * 7) % 28
        month = 9 + (session_no // 300) % 3
        base = f"2026-{month:02d}-{day:02d}T"
        lines = []
        if rng.random() < 0.3:
            lines.append(json.dumps({"type": "summary", "summary": text(rng, 8), "leafUuid": f"leaf-{session_no}"},
                                    separators=(",", ":")))
        if history and rng.random() < 0.1:  # a resumed session replays earlier messages
            lines.extend(history[-rng.randint(3, 20):])
        turns = rng.randint(60, 600)
        sec = rng.randint(0, 20000)
        model = rng.choice(MODELS)
        for t in range(turns):
            sec += rng.randint(2, 90)
            ts = base + f"{(sec // 3600) % 24:02d}:{(sec // 60) % 60:02d}:{sec % 60:02d}.{rng.randint(0, 999):03d}Z"
            n += 1
            user = {"parentUuid": f"u-{n - 1}", "isSidechain": False, "userType": "external", "cwd": cwd,
                    "sessionId": session, "version": "2.0.14", "gitBranch": "main", "type": "user",
                    "message": {"role": "user", "content": [
                        {"tool_use_id": f"toolu_{n:010d}", "type": "tool_result",
                         "content": text(rng, rng.randint(3, 40))}]},
                    "uuid": f"u-{n}", "timestamp": ts}
            lines.append(json.dumps(user, separators=(",", ":")))
            if rng.random() < 0.005:
                synthetic = {"type": "assistant", "cwd": cwd, "sessionId": session, "uuid": f"s-{n}", "timestamp": ts,
                             "message": {"id": f"syn-{n}", "model": "<synthetic>", "role": "assistant",
                                         "content": [{"type": "text", "text": "API Error"}],
                                         "usage": {"input_tokens": 0, "output_tokens": 0}}}
                lines.append(json.dumps(synthetic, separators=(",", ":")))
                continue
            if rng.random() < 0.05:
                model = rng.choice(MODELS)
            usage = {"input_tokens": rng.randint(1, 60), "cache_creation_input_tokens": rng.randint(0, 30000),
                     "cache_read_input_tokens": rng.randint(0, 200000), "output_tokens": rng.randint(1, 4000),
                     "service_tier": "standard"}
            content = [{"type": "text", "text": text(rng, rng.randint(3, 30))}]
            if rng.random() < 0.6:
                content.append({"type": "tool_use", "id": f"toolu_{n + 1:010d}", "name": "Bash",
                                "input": {"command": "ls -la " + text(rng, 3), "description": text(rng, 6)}})
            msg_id = f"msg_{session_no:06x}{t:06x}"
            req = f"req_{session_no:06x}{t:06x}"
            streams = rng.choice([1, 1, 1, 2])
            for part in range(streams):
                entry = {"parentUuid": f"u-{n}", "isSidechain": rng.random() < 0.1, "userType": "external",
                         "cwd": cwd, "sessionId": session, "version": "2.0.14", "gitBranch": "main",
                         "message": {"id": msg_id, "type": "message", "role": "assistant", "model": model,
                                     "content": content[part:part + 1] if part < len(content) else content[-1:],
                                     "stop_reason": None, "stop_sequence": None, "usage": usage},
                         "requestId": req, "type": "assistant", "uuid": f"a-{n}-{part}", "timestamp": ts}
                line = json.dumps(entry, separators=(",", ":"))
                lines.append(line)
            history.append(line)
            if len(history) > 200:
                del history[:100]
            calls += 1
        data = "\n".join(lines) + "\n"
        with open(os.path.join(pdir, session + ".jsonl"), "w") as f:
            f.write(data)
        written += len(data)
        session_no += 1
    print(f"{session_no} transcripts, {calls} calls (before resumed replays), {written} bytes")


if __name__ == "__main__":
    main()
