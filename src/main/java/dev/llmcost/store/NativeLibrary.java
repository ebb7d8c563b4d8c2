package dev.llmcost.store;

import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Unpacks sqlite-jdbc's native library once into a per-user cache and points the driver at it.
 * Left to itself the driver copies the library to /tmp on every start (about 60 ms), fails where
 * /tmp is noexec, and parallel processes delete each other's copies and log errors on stderr
 * (xerial/sqlite-jdbc #603, #1195). Any problem here falls back to the driver's own loading.
 */
final class NativeLibrary {
    private static boolean prepared;

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
        } catch (IOException | RuntimeException | LinkageError e) {
            // the driver's own extraction still works, only slower
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
        java.util.Properties properties = new java.util.Properties();
        try (InputStream in = NativeLibrary.class.getResourceAsStream("/dev/llmcost/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        String version = properties.getProperty("sqlite-jdbc");
        return version == null || version.startsWith("$") ? "dev" : version;
    }
}
