package dev.llmcost.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** install.sh into a temporary PREFIX and HOME, use the installed command, uninstall, and nothing is left. */
class InstallerIT {
    @TempDir
    Path dir;

    private String run(Path home, Path prefix, String... command) throws Exception {
        return runWith("", home, prefix, command);
    }

    private String runWith(String javaOptions, Path home, Path prefix, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LLMCOST_JAVA_OPTS", javaOptions);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("PREFIX", prefix.toString());
        builder.environment().put("LLMCOST_DB", dir.resolve("data/llmcost.db").toString());
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        builder.environment().remove("XDG_DATA_HOME");
        builder.environment().remove("XDG_CONFIG_HOME");
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + "\n" + out);
        return out;
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    /** The sources only, without target/: the installer must build the jar itself, as for a fresh clone. */
    private Path freshClone() throws Exception {
        Path clone = Files.createDirectories(dir.resolve("clone"));
        for (String part : List.of("pom.xml", "install.sh", "src", "completions", "man")) {
            Path from = Path.of(part);
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path path : walk.toList()) {
                    Path to = clone.resolve(path.toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(path, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        return clone;
    }

    @Test
    void installsRunsAndUninstallsCleanly() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path prefix = home.resolve(".local");
        String installer = freshClone().resolve("install.sh").toString();
        String install = run(home, prefix, installer);
        assertTrue(install.contains("building llmcost"), "a fresh clone is built: " + install);
        assertEquals(-1, install.indexOf('\u001b'), "no colour codes (Maven's included) in: " + install);
        assertTrue(install.contains("llmcost 0."), install);
        assertTrue(install.contains("No usage recorded yet"), "runs a first report: " + install);
        assertTrue(install.contains("export PATH="), "PATH hint: " + install);
        Path launcher = prefix.resolve("bin/llmcost");
        assertTrue(Files.isExecutable(launcher));
        assertTrue(Files.exists(home.resolve(".local/share/bash-completion/completions/llmcost")));
        assertTrue(Files.exists(prefix.resolve("share/zsh/site-functions/_llmcost")));
        assertTrue(Files.exists(home.resolve(".config/fish/completions/llmcost.fish")));
        assertTrue(Files.exists(prefix.resolve("share/man/man1/llmcost-record.1")));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(prefix.resolve("share/llmcost"))), "shared with the data dir: private");

        String again = run(home, prefix, installer);
        assertTrue(again.contains("installed " + launcher), "re-running is safe: " + again);
        assertTrue(!again.contains("building llmcost"), "the jar is up to date: " + again);
        assertEquals(-1, again.indexOf('\u001b'), again);

        run(home, prefix, launcher.toString(), "record", "--model", "gpt-4o", "--input-tokens", "1000000", "--project", "it");
        String report = run(home, prefix, launcher.toString(), "report", "--format", "csv");
        assertTrue(report.contains("gpt-4o,1,1000000,0,0,0,0,2.5,0"), report);
        assertArchivesUsed(home, prefix, launcher);

        run(home, prefix, installer, "--uninstall");
        assertEquals(List.of(), files(home), "nothing installed is left in HOME");
        assertTrue(Files.exists(dir.resolve("data/llmcost.db")), "the user's database stays");
    }

    /**
     * The launcher starts the picocli-free commands from the AOT cache (JDK 25+) and the others from the
     * AppCDS archive. -Xshare:on and -XX:AOTMode=on turn "archive refused" into a failed start, and the
     * launcher's warning-level JVM log would print any other complaint into the output.
     */
    private void assertArchivesUsed(Path home, Path prefix, Path launcher) throws Exception {
        String script = Files.readString(launcher);
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("for Java (\\d+)").matcher(script);
        assertTrue(version.find(), script);
        boolean aot = Integer.parseInt(version.group(1)) >= 25;
        if (aot) {
            assertTrue(Files.size(prefix.resolve("share/llmcost/llmcost.aot")) > 0, "an AOT cache on JDK 25+");
        }
        String fast = aot ? "-XX:AOTMode=on" : "-Xshare:on";
        List<String[]> commands = List.of(
                new String[] {fast, "report", "--by", "day"},
                new String[] {fast, "record", "--model", "gpt-4o", "--input-tokens", "5", "--project", "it"},
                new String[] {fast, "budget", "status"},
                new String[] {fast, "statusline"},
                new String[] {fast, "ingest"},
                new String[] {"-Xshare:on", "budget", "set", "--global", "--monthly", "50"},
                new String[] {"-Xshare:on", "projects"});
        for (String[] command : commands) {
            List<String> line = new java.util.ArrayList<>(List.of(launcher.toString()));
            line.addAll(List.of(command).subList(1, command.length));
            String out = runWith(command[0], home, prefix, line.toArray(String[]::new));
            assertTrue(!out.contains("][warning]") && !out.contains("][error]"), String.join(" ", command) + ": " + out);
        }
    }
}
