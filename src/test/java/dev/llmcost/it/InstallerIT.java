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
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("PREFIX", prefix.toString());
        builder.environment().put("LLMCOST_DB", dir.resolve("data/llmcost.db").toString());
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        builder.environment().remove("XDG_DATA_HOME");
        builder.environment().remove("XDG_CONFIG_HOME");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + "\n" + out);
        return out;
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void installsRunsAndUninstallsCleanly() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path prefix = home.resolve(".local");
        String install = run(home, prefix, "./install.sh");
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

        String again = run(home, prefix, "./install.sh");
        assertTrue(again.contains("installed " + launcher), "re-running is safe: " + again);

        run(home, prefix, launcher.toString(), "record", "--model", "gpt-4o", "--input-tokens", "1000000", "--project", "it");
        String report = run(home, prefix, launcher.toString(), "report", "--format", "csv");
        assertTrue(report.contains("gpt-4o,1,1000000,0,0,0,0,2.5,0"), report);

        run(home, prefix, "./install.sh", "--uninstall");
        assertEquals(List.of(), files(home), "nothing installed is left in HOME");
        assertTrue(Files.exists(dir.resolve("data/llmcost.db")), "the user's database stays");
    }
}
