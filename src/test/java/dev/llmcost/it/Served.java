package dev.llmcost.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code llmcost serve} or {@code proxy} from the built jar, as a real process; its first stdout line is the address. */
final class Served implements AutoCloseable {
    final Process process;
    final URI uri;
    final Path stderr;

    private Served(Process process, URI uri, Path stderr) {
        this.process = process;
        this.uri = uri;
        this.stderr = stderr;
    }

    static Served start(Path db, String... flags) throws IOException {
        return start(db, java.util.Map.of(), flags);
    }

    static Served start(Path db, java.util.Map<String, String> env, String... flags) throws IOException {
        return command("serve", db.toString(), env, flags);
    }

    /** serve on any database llmcost takes: a file path or a postgresql:// URL. */
    static Served start(String db) throws IOException {
        return command("serve", db, java.util.Map.of(), new String[0]);
    }

    /** {@code llmcost proxy}, which also prints its address first. */
    static Served proxy(Path db, java.util.Map<String, String> env, String... flags) throws IOException {
        return command("proxy", db.toString(), env, flags);
    }

    private static Served command(String command, String db, java.util.Map<String, String> env, String... flags)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(command, "--port", "0"));
        args.addAll(List.of(flags));
        Path stderr = Files.createTempFile("llmcost-" + command, ".err");
        ProcessBuilder builder = Jar.builder(db, args.toArray(String[]::new));
        builder.environment().putAll(env);
        Process process = builder.redirectError(stderr.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("http://")) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not start: " + line + "\n" + Files.readString(stderr));
        }
        return new Served(process, URI.create(line.replace("0.0.0.0", "127.0.0.1")), stderr);
    }

    URI resolve(String path) {
        return uri.resolve(path);
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(stderr);
    }
}
