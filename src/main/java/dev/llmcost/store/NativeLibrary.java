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
            String name = LibraryLoaderUtil.getNativeLibName();
            String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
            String version = org.sqlite.SQLiteJDBCLoader.getVersion();
            Path dir = cacheRoot.resolve("native").resolve(version == null ? "dev" : version);
            Path library = dir.resolve(name);
            if (!Files.isRegularFile(library)) {
                try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        return;
                    }
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                    Path partial = Files.createTempFile(dir, name, ".part");
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (IOException | RuntimeException | LinkageError e) {
            // the driver's own extraction still works, only slower
        }
    }
}
