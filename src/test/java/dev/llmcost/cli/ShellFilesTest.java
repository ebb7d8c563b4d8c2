package dev.llmcost.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellFilesTest {
    @TempDir
    Path dir;

    @Test
    void committedCompletionsAndManPagesAreCurrent() throws Exception {
        Map<String, String> generated = ShellFiles.generate();
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> file : generated.entrySet()) {
            Path committed = Path.of(file.getKey());
            if (!Files.exists(committed) || !Files.readString(committed).equals(file.getValue())) {
                stale.add(file.getKey());
            }
        }
        for (String folder : List.of("completions", "man")) {
            try (Stream<Path> files = Files.list(Path.of(folder))) {
                files.map(p -> folder + "/" + p.getFileName()).filter(p -> !generated.containsKey(p)).forEach(stale::add);
            }
        }
        assertEquals(List.of(), stale, "regenerate with: mvn -q process-classes && cp -r target/generated-shell-files/* .");
        String fromBuild = System.getProperty("llmcost.generated");
        if (fromBuild != null) {
            assertEquals(Files.readString(Path.of("man/llmcost.1")), Files.readString(Path.of(fromBuild, "man/llmcost.1")));
        }
    }

    private static String run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        return out;
    }

    private static boolean installed(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(p -> Files.isExecutable(Path.of(p, tool)));
    }

    @Test
    void bashCompletesCommandsAndByValues() throws Exception {
        Assumptions.assumeTrue(installed("bash"), "bash not installed");
        Path script = Path.of("completions/llmcost.bash").toAbsolutePath();
        String probe = "source '" + script + "'\n"
                + "COMP_WORDS=(llmcost rep); COMP_CWORD=1; _llmcost_projects; echo \"commands: ${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(llmcost report --by ''); COMP_CWORD=3; _llmcost_projects; echo \"by: ${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(llmcost report --format ''); COMP_CWORD=3; _llmcost_projects; echo \"format: ${COMPREPLY[*]}\"\n";
        String out = run(dir, "bash", "-c", probe);
        assertTrue(out.contains("commands: report"), out);
        assertTrue(out.contains("by: model family provider project user agent session task request-type mode tag: day week month"), out);
        assertTrue(out.contains("format: table json csv") || out.contains("format: TABLE JSON CSV"), out);
    }

    @Test
    void zshAndFishScriptsParse() throws Exception {
        if (installed("zsh")) {
            run(dir, "zsh", "-n", Path.of("completions/_llmcost").toAbsolutePath().toString());
        }
        if (installed("fish")) {
            run(dir, "fish", "--no-execute", Path.of("completions/llmcost.fish").toAbsolutePath().toString());
        }
        Assumptions.assumeTrue(installed("zsh") || installed("fish"), "neither zsh nor fish installed");
    }

    @Test
    void manPagesRenderWithoutWarnings() throws Exception {
        Assumptions.assumeTrue(installed("groff"), "groff not installed");
        List<String> command = new ArrayList<>(List.of("groff", "-man", "-Tutf8", "-ww", "-z"));
        try (Stream<Path> pages = Files.list(Path.of("man"))) {
            pages.map(p -> p.toAbsolutePath().toString()).sorted().forEach(command::add);
        }
        assertEquals("", run(dir, command.toArray(String[]::new)));
        String page = run(dir, "groff", "-man", "-Tutf8", Path.of("man/llmcost-record.1").toAbsolutePath().toString())
                .replaceAll(".\b", ""); // drop the overstrike that renders bold
        for (String section : List.of("NAME", "SYNOPSIS", "OPTIONS", "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES")) {
            assertTrue(page.contains(section), section + " in\n" + page);
        }
    }
}
