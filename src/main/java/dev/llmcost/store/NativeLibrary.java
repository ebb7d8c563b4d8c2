package dev.llmcost.store;

import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Unpacks sqlite-jdbc's native library once into a per-user cache and points the driver at it.
 * Left to itself the driver copies the library to /tmp on every start (about 60 ms), fails where
 * /tmp is noexec, and parallel processes delete each other's copies and log errors on stderr
 * (xerial/sqlite-jdbc #603, #1195). Any problem here falls back to the driver's own loading.
 */
final class NativeLibrary {
    private static boolean prepared;
    private static final List<Thread> warmUps = new ArrayList<>();

    private NativeLibrary() {
    }

    static synchronized void prepare(Path cacheRoot) {
        if (prepared || System.getProperty("org.sqlite.lib.path") != null || cacheRoot == null) {
            prepared = true;
            return;
        }
        prepared = true;
        try {
            // keyed without the driver's OSInfo, which starts a process (uname) to tell the platform: ~15 ms
            String name = System.mapLibraryName("sqlitejdbc");
            Path dir = cacheRoot.resolve("native").resolve(driverVersion())
                    .resolve(System.getProperty("os.name") + "-" + System.getProperty("os.arch"));
            Path library = dir.resolve(name);
            if (!Files.isRegularFile(library) && !unpack(dir, library)) {
                return;
            }
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", name);
            useAsDriverTempDir(dir);
        } catch (IOException | RuntimeException | LinkageError e) {
            // the driver's own extraction still works, only slower
        }
    }

    /**
     * Starts loading the driver on two daemon threads: its first use spends about 60 ms of one core on
     * java.util.logging, a date format and the native library before any SQL runs, and a short command
     * has other start-up work for the main thread meanwhile. {@link #awaitWarmUp} joins them.
     */
    static synchronized void warmUpInBackground(Path cacheRoot) {
        if (!warmUps.isEmpty()) {
            return;
        }
        // two threads: the connection defaults (sqlite-jdbc builds a date format, which loads locale
        // data), and the library and driver (java.util.logging's set-up included)
        warmUps.add(start(org.sqlite.SQLiteConfig::new));
        warmUps.add(start(() -> {
            prepare(cacheRoot);
            org.sqlite.SQLiteJDBCLoader.initialize();
            // a throwaway in-memory database takes the driver's statement and result classes through
            // their first use, which the real connection would otherwise pay for on the main thread
            try (Connection memory = org.sqlite.JDBC.createConnection("jdbc:sqlite::memory:", new Properties());
                 PreparedStatement statement = memory.prepareStatement("SELECT ?");
                 Statement pragma = memory.createStatement()) {
                statement.setLong(1, 1);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                }
                pragma.execute("PRAGMA user_version");
            }
        }));
    }

    private static Thread start(WarmUp work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Exception | LinkageError e) {
                // the connection made afterwards meets the same problem and reports it
            }
        }, "sqlite-warm-up");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Waits for {@link #warmUpInBackground} so the driver's classes are never initialised from the
     * caller's thread while a warm-up thread is at it.
     */
    static void awaitWarmUp() {
        List<Thread> threads;
        synchronized (NativeLibrary.class) {
            threads = List.copyOf(warmUps);
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private interface WarmUp {
        void run() throws Exception;
    }

    /**
     * The driver lists its temp directory (java.io.tmpdir unless told) on its first load, to delete
     * copies it extracted there before; with the library in our own directory, that one will do.
     */
    private static void useAsDriverTempDir(Path dir) {
        if (System.getProperty("org.sqlite.tmpdir") == null) {
            System.setProperty("org.sqlite.tmpdir", dir.toString());
        }
    }

    private static boolean unpack(Path dir, Path library) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path partial = Files.createTempFile(dir, library.getFileName().toString(), ".part");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return true;
        }
    }

    private static String driverVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = NativeLibrary.class.getResourceAsStream("/dev/llmcost/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        String version = properties.getProperty("sqlite-jdbc");
        return version == null || version.startsWith("$") ? "dev" : version;
    }
}
