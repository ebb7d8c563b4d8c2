package dev.llmcost.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quotes, semicolons, LIKE wildcards, newlines, tabs and unicode in names survive record → report exactly (all SQL is parameterised). */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class NamesRoundTripTest {
    /** Every behaviour holds on both back ends: a local file and a team PostgreSQL server. */
    @Parameter
    String backend;

    @TempDir
    Path dir;

    static final List<String> NAMES = List.of("it's", "a\"b", "x'; DROP TABLE events; --", "100%", "snake_case", "%_%",
            "ünïcödé ✓", "日本語のプロジェクト", "emoji 🚀", "back\\slash", "  spaced  ",
            "two\nlines", "tab\there");

    @Test
    void trickyNamesRoundTripThroughRecordAndReport() {
        Cli cli = Cli.on(backend, dir, Instant.parse("2026-11-24T12:00:00Z"));
        for (String name : NAMES) {
            cli.ok("record", "--model", name, "--project", name, "--user", name, "--cost", "1", "--tag", "k=" + name);
        }
        for (String by : List.of("project", "model", "user", "tag:k")) {
            Set<String> seen = new HashSet<>();
            for (JsonNode row : cli.ok("report", "--by", by, "--format", "json").json().path("rows")) {
                seen.add(row.path(by.equals("tag:k") ? "tag_k" : by).asText());
                assertEquals(1, row.path("requests").asLong(), by + " " + row);
            }
            assertEquals(Set.copyOf(NAMES), seen, "--by " + by);
        }
        for (String name : NAMES) {
            JsonNode total = cli.ok("report", "--project", name, "--format", "json").json().path("total");
            assertEquals(1, total.path("requests").asLong(), "filter --project " + name);
        }
        assertEquals(NAMES.size(), cli.rows(), "no statement was hijacked");
        String table = cli.ok("report", "--by", "project").out();
        assertTrue(table.contains("two\\nlines") && table.contains("tab\\there"), table);
        String csv = cli.ok("report", "--by", "project", "--format", "csv").out();
        assertTrue(csv.contains("\"two\nlines\","), "CSV quotes the newline: " + csv);
        assertTrue(cli.ok("projects", "--names").out().lines().anyMatch("two\\nlines"::equals),
                "one name per line for completion scripts");
    }
}
