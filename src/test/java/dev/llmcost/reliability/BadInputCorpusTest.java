package dev.llmcost.reliability;

import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;
import dev.llmcost.Cli;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case in src/test/resources/bad/cases.tsv: the documented exit code, one line on stderr
 * naming the problem, no stack trace, and the database file byte-for-byte as it was.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class BadInputCorpusTest {
    /** Every behaviour holds on both back ends: a local file and a team PostgreSQL server. */
    @Parameter
    String backend;

    @TempDir
    Path dir;

    static Path corpus() throws URISyntaxException {
        return Path.of(BadInputCorpusTest.class.getResource("/bad/cases.tsv").toURI()).getParent();
    }

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        List<Arguments> cases = new ArrayList<>();
        for (String line : Files.readAllLines(corpus().resolve("cases.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            cases.add(Arguments.of(fields[0], Integer.parseInt(fields[1]), fields[2],
                    Arrays.copyOfRange(fields, 3, fields.length)));
        }
        return cases.stream();
    }

    private static String resolve(String arg, Path corpus) {
        if (arg.equals("@LONG")) {
            return "m".repeat(10_240);
        }
        if (arg.startsWith("@")) {
            return corpus.resolve(arg.substring(1)).normalize().toString();
        }
        Matcher escape = Pattern.compile("\\\\u([0-9a-fA-F]{4})").matcher(arg);
        return escape.replaceAll(m -> Character.toString((char) Integer.parseInt(m.group(1), 16)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedCleanlyAndNothingWritten(String name, int exitCode, String fragment, String[] args) throws Exception {
        Cli cli = Cli.on(backend, dir, Instant.parse("2026-11-24T12:00:00Z"));
        cli.ok("record", "--model", "gpt-4o", "--input-tokens", "1", "--cost", "0.01");
        cli.ok("budget", "set", "--global", "--daily", "5");
        String before = cli.snapshot();
        Path corpus = corpus();
        String[] resolved = Arrays.stream(args).map(a -> resolve(a, corpus)).toArray(String[]::new);
        Cli.Result result = cli.run(resolved);
        assertEquals(exitCode, result.code(), name + ": " + result.err());
        assertEquals(1, result.err().lines().count(), name + ": " + result.err());
        String expected = fragment.startsWith("@") ? corpus.resolve(fragment.substring(1)).toString() : fragment;
        assertTrue(result.err().contains(expected), name + ": expected '" + expected + "' in " + result.err());
        assertFalse(result.err().contains("Exception") || result.err().contains("\tat "), result.err());
        assertTrue(result.err().length() < 600, "one readable line, not a dump: " + result.err().length() + " chars");
        assertEquals(before, cli.snapshot(), name + ": the database changed");
        assertEquals(1, cli.rows());
    }
}
