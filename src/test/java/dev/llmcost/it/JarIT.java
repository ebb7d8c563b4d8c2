package dev.llmcost.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JarIT {
    @TempDir
    Path dir;

    @Test
    void recordsAndReportsAsAProcessWithCleanStderr() throws Exception {
        Path db = dir.resolve("data/llmcost.db");
        Jar.Result version = Jar.run(db, "", "--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("llmcost "), version.out());
        assertTrue(version.out().contains(db.toString()), version.out());

        Jar.Result record = Jar.run(db, "", "record", "--model", "claude-sonnet-4-20250514",
                "--input-tokens", "1000000", "--output-tokens", "100000", "--project", "proc");
        assertEquals(0, record.code(), record.err());
        assertEquals("", record.err(), "a hook's stderr stays clean");
        Jar.Result piped = Jar.run(db, "{\"model\":\"gpt-4o\",\"usage\":{\"prompt_tokens\":1000000,\"completion_tokens\":0}}\n",
                "record", "--json", "-", "--project", "proc");
        assertEquals(0, piped.code(), piped.err());

        Jar.Result report = Jar.run(db, "", "report", "--by", "model", "--format", "csv");
        assertEquals(0, report.code(), report.err());
        assertTrue(report.out().contains("claude-sonnet-4-20250514,1,1000000,100000,0,0,0,4.5,0"), report.out());
        assertTrue(report.out().contains("gpt-4o,1,1000000,0,0,0,0,2.5,0"), report.out());

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
    }

    @Test
    void bareLlmcostListsTheCommandsOnStdoutAndExitsZero() throws Exception {
        Path db = dir.resolve("bare.db");
        Jar.Result bare = Jar.run(db, "");
        assertEquals(0, bare.code(), bare.err());
        assertEquals("", bare.err());
        assertTrue(bare.out().startsWith("Usage: llmcost"), bare.out());
        for (String command : List.of("record", "report", "budget", "ingest", "import-json", "serve")) {
            assertTrue(bare.out().contains("\n  " + command + " "), command + " is not listed:\n" + bare.out());
        }
        assertFalse(Files.exists(db), "listing the commands opens no database");
    }

    @Test
    void userMistakeIsOneLineAndExitTwo() throws Exception {
        Jar.Result result = Jar.run(dir.resolve("x.db"), "{\"usage\":", "record", "--json", "-", "--model", "gpt-4o");
        assertEquals(2, result.code());
        assertEquals(1, result.err().lines().count(), result.err());
        assertFalse(result.err().contains("at dev.llmcost"), result.err());
    }

    @Test
    void notADatabaseIsExitOne() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "this is not sqlite, just some text that is long enough to have a header".repeat(20));
        Jar.Result result = Jar.run(file, "", "report");
        assertEquals(1, result.code());
        assertTrue(result.err().contains("is not an SQLite database"), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    @Test
    void twoGigabyteLineOnStdinIsRefusedWithoutReadingItAll() throws Exception {
        Path db = dir.resolve("llmcost.db");
        assertEquals(0, Jar.run(db, "", "record", "--model", "gpt-4o", "--input-tokens", "1").code());
        Path errFile = dir.resolve("stderr.txt");
        Process process = Jar.builder(db, "record", "--json", "-").redirectError(errFile.toFile()).start();
        long written = 0;
        long twoGigabytes = 2L << 30;
        byte[] chunk = "a".repeat(1 << 20).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (var stdin = process.getOutputStream()) {
            stdin.write("{\"model\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            while (written < twoGigabytes) {
                stdin.write(chunk);
                written += chunk.length;
            }
        } catch (java.io.IOException pipeClosed) {
            // llmcost stopped reading: what this test wants
        }
        assertEquals(2, process.waitFor());
        String err = Files.readString(errFile);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("not valid JSON"), err);
        assertTrue(written < twoGigabytes, "gave up after " + written + " bytes, not at the end of the line");
        Jar.Result report = Jar.run(db, "", "report", "--format", "csv");
        assertTrue(report.out().contains("gpt-4o,1,1,"), "nothing was added: " + report.out());
    }
}
