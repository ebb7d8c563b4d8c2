package dev.llmcost.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the built jar as a real process, the way a shell hook does. */
final class Jar {
    record Result(int code, String out, String err) {
    }

    static Path jar() {
        return Path.of(System.getProperty("llmcost.jar", "target/llmcost.jar")).toAbsolutePath();
    }

    static ProcessBuilder builder(Path db, String... args) {
        return builder(db.toString(), args);
    }

    /** As {@link #builder(Path, String...)} for any database llmcost takes: a file or a postgresql:// URL. */
    static ProcessBuilder builder(String db, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("LLMCOST_DB", db);
        env.put("TZ", "UTC");
        return builder;
    }

    static Result run(Path db, String stdin, String... args) throws IOException, InterruptedException {
        return run(builder(db, args), stdin);
    }

    static Result run(ProcessBuilder builder, String stdin) throws IOException, InterruptedException {
        Path errFile = java.nio.file.Files.createTempFile("llmcost-stderr", ".txt");
        try {
            // stderr to a file: reading two pipes one after the other deadlocks once both fill up
            Process process = builder.redirectError(errFile.toFile()).start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = process.waitFor();
            return new Result(code, out, java.nio.file.Files.readString(errFile));
        } finally {
            java.nio.file.Files.deleteIfExists(errFile);
        }
    }

    private Jar() {
    }
}
