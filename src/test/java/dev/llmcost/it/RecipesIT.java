package dev.llmcost.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The examples/ recipes, run for real against the built jar. */
class RecipesIT {
    @TempDir
    Path dir;
    Path bin;

    @BeforeEach
    void putLlmcostOnPath() throws Exception {
        bin = Files.createDirectories(dir.resolve("bin"));
        Path launcher = bin.resolve("llmcost");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar '" + Jar.jar() + "' \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Run(int code, String out, String err) {
    }

    private Run bash(String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(Path.of("examples").toAbsolutePath().toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("LLMCOST_DB", dir.resolve("llmcost.db").toString());
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        builder.environment().put("TZ", "UTC");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out, err);
    }

    @Test
    void wrapperPassesOutputThroughAndRecordsUsage() throws Exception {
        Path fake = dir.resolve("fake-api.sh");
        Files.writeString(fake, "#!/bin/sh\ncat <<'JSON'\n{\n  \"id\": \"chatcmpl-42\",\n  \"model\": \"gpt-4o\",\n"
                + "  \"usage\": {\"prompt_tokens\": 1000000, \"completion_tokens\": 0}\n}\nJSON\nexit 7\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run run = bash("./llm-with-cost --project wrapped -- " + fake);
        assertEquals(7, run.code(), "the command's own status: " + run.err());
        assertTrue(run.out().contains("\"id\": \"chatcmpl-42\""), run.out());
        Run report = bash("llmcost report --by project --format csv");
        assertTrue(report.out().contains("wrapped,1,1000000,0,0,0,0,2.5,0"), report.out() + report.err());
        bash("./llm-with-cost --project wrapped -- " + fake);
        assertTrue(bash("llmcost report --format csv").out().contains(",1,1000000,"), "same response id: recorded once");
    }

    @Test
    void budgetGuardStopsTheLoopWhenOver() throws Exception {
        bash("llmcost budget set --global --daily 1");
        Path step = dir.resolve("step.sh");
        Files.writeString(step, "#!/bin/sh\necho step >> '" + dir.resolve("steps.log") + "'\nllmcost record --model gpt-4o --cost 0.3\n");
        Files.setPosixFilePermissions(step, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run run = bash("./budget-guard.sh --global -- " + step);
        assertEquals(3, run.code(), run.err());
        assertEquals(4, Files.readAllLines(dir.resolve("steps.log")).size(), "0.3 × 4 = 1.2 reaches the $1 limit");
        assertTrue(run.err().contains("alert threshold"), run.err());
    }

    @Test
    void promptSegmentShowsTodaysSpend() throws Exception {
        bash("llmcost record --model gpt-4o --cost 3.415");
        Run run = bash("PS1='$ '; source ./prompt.sh; llmcost_today");
        assertEquals("[$3.42] ", run.out(), run.err());
    }

    @Test
    void crontabLineIsValidAndQuiet() throws Exception {
        String line = Files.readAllLines(Path.of("examples/crontab")).stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        String command = line.replaceFirst("^(\\S+\\s+){5}", "");
        Run run = bash(command);
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.out() + run.err());
    }

    @Test
    void claudeCodeStatusLineShowsTheSessionsCost() throws Exception {
        com.fasterxml.jackson.databind.JsonNode settings = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("examples/claude-code-statusline.json").toFile());
        String command = settings.path("statusLine").path("command").asText();
        Path transcript = dir.resolve("claude/projects/-work-web/s1.jsonl");
        Files.createDirectories(transcript.getParent());
        Files.writeString(transcript, "{\"type\":\"assistant\",\"sessionId\":\"s1\",\"cwd\":\"/work/web\","
                + "\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"requestId\":\"r1\",\"message\":{\"id\":\"m1\","
                + "\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":100000,\"output_tokens\":0}}}\n"); // under the 200k long-context tier
        Path status = dir.resolve("status.json");
        Files.writeString(status, "{\"session_id\":\"s1\",\"transcript_path\":\"" + transcript
                + "\",\"model\":{\"id\":\"claude-sonnet-4-5\",\"display_name\":\"Sonnet 4.5\"}}");
        Run run = bash(command + " < " + status);
        assertEquals(0, run.code(), run.err());
        assertEquals("Sonnet 4.5 · session $0.30 · today $0.00\n", run.out(), run.err());
    }
}
