package dev.llmcost.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a Codex home ({@code sessions/YYYY/MM/DD/rollout-*.jsonl}, {@code archived_sessions/}) the way Codex CLI
 * does, with the format's traps: cumulative totals beside each call's own usage, {@code info: null} rate-limit
 * notices, token_count events repeated unchanged when rate limits update, messages and tool calls without usage,
 * a model switch mid-session, a legacy session with cumulative totals only, a session without turn_context
 * (the model falls back to gpt-5), a forked session that copies its parent's history, and an archived session.
 * Knows its own totals (input excludes cached input, as llmcost stores it).
 */
public final class CodexFixture {
    public long calls;
    public long inputTokens;
    public long cachedTokens;
    public long outputTokens;
    public long reasoningTokens;
    public long fallbackCalls;

    private final Path root;
    private final Random random = new Random(11);

    public CodexFixture(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** One session being written: its lines and its running totals. */
    public final class Session {
        final String id;
        final List<String> lines = new ArrayList<>();
        long totalInput;
        long totalCached;
        long totalOutput;
        long totalReasoning;
        final boolean legacy;

        Session(String id, boolean legacy) {
            this.id = id;
            this.legacy = legacy;
        }

        void meta(String time, String cwd) {
            lines.add("{\"timestamp\":\"" + time + "\",\"type\":\"session_meta\",\"payload\":{\"id\":\"" + id
                    + "\",\"timestamp\":\"" + time + "\",\"cwd\":\"" + cwd + "\",\"originator\":\"codex_cli_rs\","
                    + "\"cli_version\":\"0.58.0\",\"instructions\":null,\"source\":\"cli\",\"model_provider\":\"openai\","
                    + "\"git\":{\"commit_hash\":\"abc\",\"branch\":\"main\"}}}");
        }

        void turnContext(String time, String cwd, String model) {
            lines.add("{\"timestamp\":\"" + time + "\",\"type\":\"turn_context\",\"payload\":{\"cwd\":\"" + cwd
                    + "\",\"approval_policy\":\"on-request\",\"sandbox_policy\":{\"type\":\"workspace-write\"},"
                    + "\"model\":\"" + model + "\",\"effort\":\"medium\",\"summary\":\"auto\"}}");
        }

        void noise(String time) {
            lines.add("{\"timestamp\":\"" + time + "\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\","
                    + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"fix the token_count test\"}]}}");
            lines.add("{\"timestamp\":\"" + time + "\",\"type\":\"event_msg\",\"payload\":{\"type\":\"user_message\","
                    + "\"message\":\"fix the token_count test\",\"images\":[]}}");
            lines.add("{\"timestamp\":\"" + time + "\",\"type\":\"response_item\",\"payload\":{\"type\":\"reasoning\","
                    + "\"summary\":[{\"type\":\"summary_text\",\"text\":\"**Thinking about input_tokens**\"}],"
                    + "\"encrypted_content\":\"gAAAA\"}}");
            lines.add("{\"timestamp\":\"" + time + "\",\"type\":\"response_item\",\"payload\":{\"type\":\"function_call\","
                    + "\"name\":\"shell\",\"arguments\":\"{\\\"command\\\":[\\\"ls\\\"]}\",\"call_id\":\"call_1\"}}");
        }

        void rateLimitNotice(String time) {
            lines.add("{\"timestamp\":\"" + time + "\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
                    + "\"info\":null,\"rate_limits\":{\"primary\":{\"used_percent\":3.0,\"window_minutes\":299,"
                    + "\"resets_in_seconds\":1200},\"secondary\":{\"used_percent\":1.0,\"window_minutes\":10079,"
                    + "\"resets_in_seconds\":500000}}}}");
        }

        /** One model call; returns its token_count line. */
        String call(String time, boolean countIt, boolean fallback) {
            long input = 2000 + random.nextInt(40000);
            long cached = random.nextInt(10) < 7 ? random.nextLong(input) : 0;
            long reasoning = random.nextInt(600);
            long output = reasoning + 1 + random.nextInt(3000);
            totalInput += input;
            totalCached += cached;
            totalOutput += output;
            totalReasoning += reasoning;
            String last = legacy ? "" : ",\"last_token_usage\":" + usage(input, cached, output, reasoning);
            String line = "{\"timestamp\":\"" + time + "\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
                    + "\"info\":{\"total_token_usage\":" + usage(totalInput, totalCached, totalOutput, totalReasoning)
                    + last + ",\"model_context_window\":272000},\"rate_limits\":null}}";
            lines.add(line);
            if (countIt) {
                count(input, cached, output, reasoning, fallback);
            }
            return line;
        }

        /** The last token_count sent again, as Codex does when its rate limits update. */
        void repeatLast(String time) {
            String last = lines.get(lines.size() - 1);
            String timestamp = last.substring(last.indexOf("\"timestamp\":\"") + 13, last.indexOf("\",\"type\""));
            lines.add(last.replace(timestamp, time).replace("\"rate_limits\":null",
                    "\"rate_limits\":{\"primary\":{\"used_percent\":4.0,\"window_minutes\":299,\"resets_in_seconds\":1100}}"));
        }

        Path write(String dir, String day, String startTime) throws IOException {
            Path file = root.resolve(dir).resolve(day.replace('-', '/'))
                    .resolve("rollout-" + day + "T" + startTime + "-" + id + ".jsonl");
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
            return file;
        }
    }

    private static String usage(long input, long cached, long output, long reasoning) {
        return "{\"input_tokens\":" + input + ",\"cached_input_tokens\":" + cached + ",\"output_tokens\":" + output
                + ",\"reasoning_output_tokens\":" + reasoning + ",\"total_tokens\":" + (input + output) + "}";
    }

    private void count(long input, long cached, long output, long reasoning, boolean fallback) {
        calls++;
        inputTokens += input - cached;
        cachedTokens += cached;
        outputTokens += output;
        reasoningTokens += reasoning;
        if (fallback) {
            fallbackCalls++;
        }
    }

    private static String time(String day, int hour, int minute, int second) {
        return String.format("%sT%02d:%02d:%02d.%03dZ", day, hour, minute, second, (hour * 7 + minute * 13 + second) % 1000);
    }

    private static String uuid(int n) {
        return String.format("0199a213-81c0-7800-8aa1-%012x", 0xbbab2a035a00L + n);
    }

    /** Writes the tree; returns the newest plain session's file (for append tests). */
    public Path write() throws IOException {
        String[] cwds = {"/home/dev/web-shop", "/home/dev/api", "/srv/tools/infra"};
        String[] models = {"gpt-5-codex", "gpt-5.1-codex"};
        Path newest = null;
        Session parent = null;
        for (int s = 0; s < 6; s++) {
            String day = String.format("2026-11-%02d", 10 + s % 4);
            int hour = 8 + 2 * s;
            Session session = new Session(uuid(s), s == 4);
            String cwd = cwds[s % cwds.length];
            session.meta(time(day, hour, 0, 0), cwd);
            boolean noContext = s == 5;
            if (!noContext) {
                session.turnContext(time(day, hour, 0, 1), cwd, models[s % 2]);
            }
            for (int turn = 0; turn < 5; turn++) {
                int minute = 1 + turn * 7;
                if (turn == 3 && !noContext) {
                    session.turnContext(time(day, hour, minute, 0), cwd, models[(s + 1) % 2]);
                }
                session.noise(time(day, hour, minute, 2));
                if (turn % 2 == 0) {
                    session.rateLimitNotice(time(day, hour, minute, 3));
                }
                session.call(time(day, hour, minute, 9), true, noContext);
                if (turn % 2 == 1) {
                    session.repeatLast(time(day, hour, minute, 10));
                }
            }
            Path file = session.write("sessions", day, String.format("%02d-00-00", hour));
            if (s == 0) {
                parent = session;
            }
            if (s < 4) {
                newest = file;
            }
        }
        // a fork of the first session: its own meta, the parent's history copied verbatim, then one new call
        Session fork = new Session(uuid(90), false);
        String day = "2026-11-13";
        fork.meta(time(day, 21, 0, 0), cwds[0]);
        for (String line : parent.lines) {
            if (!line.contains("\"session_meta\"")) {
                fork.lines.add(line);
            }
        }
        fork.totalInput = parent.totalInput;
        fork.totalCached = parent.totalCached;
        fork.totalOutput = parent.totalOutput;
        fork.totalReasoning = parent.totalReasoning;
        fork.turnContext(time(day, 21, 1, 0), cwds[0], "gpt-5-codex");
        fork.call(time(day, 21, 2, 0), true, false);
        fork.write("sessions", day, "21-00-00");
        // an archived session
        Session archived = new Session(uuid(91), false);
        String old = "2026-11-09";
        archived.meta(time(old, 9, 0, 0), cwds[1]);
        archived.turnContext(time(old, 9, 0, 1), cwds[1], "gpt-5-codex");
        archived.call(time(old, 9, 3, 0), true, false);
        archived.call(time(old, 9, 9, 0), true, false);
        archived.write("archived_sessions", old, "09-00-00");
        return newest;
    }

    /** Appends one more call to {@code file}, continuing its cumulative totals. */
    public void append(Path file, String time) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Session session = new Session("appended", false);
        for (String line : lines) {
            int at = line.lastIndexOf("\"total_token_usage\":");
            if (at >= 0) {
                session.totalInput = number(line, at, "input_tokens");
                session.totalCached = number(line, at, "cached_input_tokens");
                session.totalOutput = number(line, at, "output_tokens");
                session.totalReasoning = number(line, at, "reasoning_output_tokens");
            }
        }
        session.call(time, true, false);
        Files.writeString(file, session.lines.get(0) + "\n", StandardOpenOption.APPEND);
    }

    private static long number(String line, int from, String field) {
        int start = line.indexOf("\"" + field + "\":", from) + field.length() + 3;
        int end = start;
        while (Character.isDigit(line.charAt(end))) {
            end++;
        }
        return Long.parseLong(line.substring(start, end));
    }
}
