package dev.llmcost.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The database file in trouble: read-only, in a read-only or missing directory, corrupted, on a full
 * disk, locked by another process past the wait. Each gets exit 1 and one clear line, and no row is
 * half written. Permission cases run the jar as the unprivileged user 'nobody' when the tests run as
 * root (root ignores file modes); the full disk is a small tmpfs, which needs root.
 */
class DatabaseFaultsIT {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private Path dir;
    private Path jar;
    private Path mount;

    @BeforeEach
    void worldReadableWorkspace() throws IOException {
        // nobody must reach the jar and the files: a copy in a 0755 folder, whatever the checkout's modes
        dir = Files.createTempDirectory("llmcost-faults");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = dir.resolve("llmcost.jar");
        Files.copy(Jar.jar(), jar);
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                path.toFile().setWritable(true);
                path.getParent().toFile().setWritable(true);
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void readOnlyFileIsOneClearErrorAndNotTouched() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path db = data.resolve("llmcost.db");
        assertEquals(0, llmcost(db, false, "record", "--model", "gpt-4o", "--input-tokens", "7").code());
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
        String before = sha256(db);

        Jar.Result record = llmcost(db, true, "record", "--model", "gpt-4o", "--input-tokens", "9");
        assertOneLineError(record, "is read-only");
        // a WAL database needs its -shm file beside it, even to read: one clear line there too
        assertOneLineError(llmcost(db, true, "report"), "is read-only");
        assertEquals(before, sha256(db));
    }

    @Test
    void readOnlyOrMissingDirectoryIsOneClearError() throws Exception {
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        for (Path db : List.of(locked.resolve("llmcost.db"), locked.resolve("missing/llmcost.db"))) {
            Jar.Result result = llmcost(db, true, "record", "--model", "gpt-4o", "--input-tokens", "1");
            assertOneLineError(result, "cannot be created: permission denied");
            assertFalse(Files.exists(db), db + " must not exist");
        }
        try (Stream<Path> left = Files.list(locked)) {
            assertEquals(0, left.count(), "nothing was created in the read-only directory");
        }
    }

    @Test
    void corruptedFileIsRefusedAndNotTouched() throws Exception {
        Path db = dir.resolve("llmcost.db");
        for (int i = 0; i < 5; i++) {
            assertEquals(0, llmcost(db, false, "record", "--model", "gpt-4o", "--input-tokens", "1",
                    "--project", "p" + i).code());
        }
        byte[] bytes = Files.readAllBytes(db);
        assertTrue(bytes.length > 8192, "database is checkpointed into the main file");
        byte[] noise = new byte[bytes.length - 4096];
        new Random(42).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, 4096, noise.length); // page 1 (header, schema root) survives
        Files.write(db, bytes);
        String before = sha256(db);

        assertOneLineError(llmcost(db, false, "record", "--model", "gpt-4o", "--input-tokens", "1"), "is corrupted");
        assertOneLineError(llmcost(db, false, "report"), "is corrupted");
        assertEquals(before, sha256(db));
    }

    @Test
    void fullDiskFailsCleanlyAndLosesNothing() throws Exception {
        assumeTrue(ROOT, "mounting a small tmpfs needs root");
        mount = Files.createDirectories(dir.resolve("small"));
        int mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", mount.toString())
                .inheritIO().start().waitFor();
        assumeTrue(mounted == 0, "cannot mount a tmpfs here");
        Path db = mount.resolve("llmcost.db");
        for (int i = 0; i < 3; i++) {
            assertEquals(0, llmcost(db, false, "record", "--model", "gpt-4o", "--input-tokens", "1",
                    "--id", "before-" + i).code());
        }
        Path filler = mount.resolve("filler");
        try (var out = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException diskFull) {
            // the disk is full now
        }

        assertOneLineError(llmcost(db, false, "record", "--model", "gpt-4o", "--input-tokens", "1", "--id", "lost"),
                "cannot be written");
        Path usage = dir.resolve("usage.json");
        Files.copy(Path.of("src/test/resources/fixtures/usage.json"), usage);
        // whichever fills up first, the database's WAL or the backup copy written as the file is read
        Jar.Result imported = llmcost(db, false, "import-json", usage.toString());
        assertOneLineError(imported, imported.err().contains("No space left") ? "No space left" : "cannot be written");
        if (Files.exists(mount.resolve("imports"))) {
            try (Stream<Path> left = Files.list(mount.resolve("imports"))) {
                assertEquals(List.of(), left.toList(), "no partial backup left behind");
            }
        }

        Files.delete(filler);
        assertEquals(List.of("ok", "3"), query(db, "PRAGMA integrity_check", "SELECT count(*) FROM events"));
        assertEquals(0, llmcost(db, false, "record", "--model", "gpt-4o", "--input-tokens", "1", "--id", "lost").code());
        assertEquals(List.of("4"), query(db, "SELECT count(*) FROM events"));
    }

    @Test
    void lockHeldPastTheWaitIsRefusedThenWritesResume() throws Exception {
        Path db = dir.resolve("llmcost.db");
        assertEquals(0, llmcost(db, false, "record", "--model", "gpt-4o", "--input-tokens", "1").code());
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = holder.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            statement.execute("UPDATE settings SET value = value");
            ProcessBuilder builder = builder(db, false, "record", "--model", "gpt-4o", "--input-tokens", "2");
            builder.environment().put("LLMCOST_LOCK_WAIT_MS", "1500");
            long start = System.nanoTime();
            Jar.Result refused = Jar.run(builder, "");
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertOneLineError(refused, "is locked by another process");
            assertTrue(waitedMs >= 1500, "waited " + waitedMs + " ms before giving up");

            // a writer with the default wait outlasts a lock released a second later
            Process patient = builder(db, false, "record", "--model", "gpt-4o", "--input-tokens", "3").start();
            Thread.sleep(1000);
            statement.execute("COMMIT");
            assertEquals(0, patient.waitFor());
        }
        assertEquals(List.of("2", "4"), query(db, "SELECT count(*) FROM events", "SELECT sum(input_tokens) FROM events"));
        assertOneLineErrorCode(2, llmcostWith(db, "LLMCOST_LOCK_WAIT_MS", "soon", "report"), "LLMCOST_LOCK_WAIT_MS");
    }

    private Jar.Result llmcost(Path db, boolean unprivileged, String... args) throws Exception {
        return Jar.run(builder(db, unprivileged, args), "");
    }

    private Jar.Result llmcostWith(Path db, String variable, String value, String... args) throws Exception {
        ProcessBuilder builder = builder(db, false, args);
        builder.environment().put(variable, value);
        return Jar.run(builder, "");
    }

    private ProcessBuilder builder(Path db, boolean unprivileged, String... args) throws Exception {
        ProcessBuilder builder = Jar.builder(db, args);
        List<String> command = builder.command();
        command.set(command.indexOf(Jar.jar().toString()), jar.toString());
        if (unprivileged && ROOT) {
            int probe = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true")
                    .inheritIO().start().waitFor();
            assumeTrue(probe == 0, "setpriv cannot drop to the user nobody here");
            command.addAll(0, List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        return builder;
    }

    private static void assertOneLineError(Jar.Result result, String fragment) {
        assertOneLineErrorCode(1, result, fragment);
    }

    private static void assertOneLineErrorCode(int code, Jar.Result result, String fragment) {
        assertEquals(code, result.code(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains(fragment), result.err());
        assertFalse(result.err().contains("\tat "), result.err());
    }

    private static List<String> query(Path db, String... sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement()) {
            List<String> values = new java.util.ArrayList<>();
            for (String one : sql) {
                try (ResultSet rs = statement.executeQuery(one)) {
                    rs.next();
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
