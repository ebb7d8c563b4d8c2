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

    private static final List<String> JVM = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** null until the first run; then the flags that load the class-data archive, or none if it could not be made. */
    private static List<String> classData;

    static ProcessBuilder builder(Path db, String... args) {
        return builder(db.toString(), args);
    }

    /** As {@link #builder(Path, String...)} for any database llmcost takes: a file or a postgresql:// URL. */
    static ProcessBuilder builder(String db, String... args) {
        List<String> command = new ArrayList<>(JVM);
        command.addAll(classData());
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("LLMCOST_DB", db);
        env.put("TZ", "UTC");
        env.put("LLMCOST_PROXY_BUILTIN_UPSTREAMS", "0"); // no test may reach a real provider through the proxy
        return builder;
    }

    /**
     * A class-data (AppCDS) archive of this jar, recorded once per test run from a training {@code record}, as
     * install.sh does: each of the ITs' thousand-odd processes then starts on ~35% less CPU (0.31-0.40 s against
     * 0.50-0.58 s a record here). Made afresh for each run, since an archive of another build is refused, and with
     * CDS logging off, since the JVM reports a refused archive on stdout.
     */
    private static synchronized List<String> classData() {
        if (classData != null) {
            return classData;
        }
        classData = List.of();
        try {
            Path dir = java.nio.file.Files.createTempDirectory("llmcost-it-cds");
            Path archive = dir.resolve("llmcost.jsa");
            List<String> training = new ArrayList<>(JVM);
            training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off,cds+dynamic=off",
                    "-jar", jar().toString(), "record", "--model", "gpt-4o", "--input-tokens", "1"));
            ProcessBuilder builder = new ProcessBuilder(training).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("LLMCOST_DB", dir.resolve("training.db").toString());
            if (builder.start().waitFor() == 0 && java.nio.file.Files.exists(archive)) {
                classData = List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off,cds+dynamic=off");
            }
            archive.toFile().deleteOnExit();
            for (String leftover : List.of("training.db", "training.db-wal", "training.db-shm")) {
                java.nio.file.Files.deleteIfExists(dir.resolve(leftover));
            }
            dir.toFile().deleteOnExit();
        } catch (IOException e) {
            // without the archive every process just starts a little slower
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return classData;
    }

    static Result run(Path db, String stdin, String... args) throws IOException, InterruptedException {
        return run(builder(db, args), stdin);
    }

    /** On any database llmcost takes: a file path or a postgresql:// URL. */
    static Result run(String db, String stdin, String... args) throws IOException, InterruptedException {
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
