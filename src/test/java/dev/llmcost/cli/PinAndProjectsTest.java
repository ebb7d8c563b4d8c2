package dev.llmcost.cli;

import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmcost.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class PinAndProjectsTest {
    /** Every behaviour holds on both back ends: a local file and a team PostgreSQL server. */
    @Parameter
    String backend;

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() {
        cli = Cli.on(backend, dir, NOW);
        for (String project : List.of("a", "b", "c", "d")) {
            cli.ok("record", "--model", "gpt-4o", "--project", project, "--cost", project.equals("d") ? "9" : "1",
                    "--tag", "k=v");
        }
    }

    private List<String> pins() {
        List<String> names = new ArrayList<>();
        cli.ok("pin", "list").out().lines().forEach(l -> names.add(l.replaceFirst("^\\d+  ", "")));
        return names;
    }

    @Test
    void pinOrderStaysDenseAcrossAddRemoveMove() {
        cli.ok("pin", "add", "c", "a", "new-project");
        assertEquals(List.of("c", "a", "new-project"), pins());
        cli.ok("pin", "move", "new-project", "1");
        assertEquals(List.of("new-project", "c", "a"), pins());
        cli.ok("pin", "remove", "c");
        assertEquals(List.of("new-project", "a"), pins());
        cli.ok("pin", "add", "b");
        cli.ok("pin", "move", "new-project", "99");
        assertEquals(List.of("a", "b", "new-project"), pins());
        assertEquals("1 2 3", String.join(" ", cli.ok("pin", "list").out().lines().map(l -> l.split(" ")[0]).toList()));
        assertEquals(2, cli.run("pin", "remove", "nope").code());
        assertEquals(2, cli.run("pin", "move", "nope", "1").code());
        assertEquals(2, cli.run("pin", "move", "d", "1").code(), "d is not pinned");
    }

    @Test
    void pinListAndProjectsAsJsonAndCsv() {
        cli.ok("pin", "add", "c", "a, the \"first\"");
        JsonNode pins = cli.ok("pin", "list", "--format", "json").json().path("pins");
        assertEquals(2, pins.size());
        assertEquals(1, pins.get(0).path("pin_order").asInt());
        assertEquals("c", pins.get(0).path("name").asText());
        assertEquals(2, pins.get(1).path("pin_order").asInt());
        assertEquals("a, the \"first\"", pins.get(1).path("name").asText());
        assertEquals("pin_order,name\r\n1,c\r\n2,\"a, the \"\"first\"\"\"\r\n",
                cli.ok("pin", "list", "--format", "csv").out());
        assertEquals(List.of("1  c", "2  a, the \"first\""), cli.ok("pin", "list", "--format", "table").out().lines().toList());
        assertEquals(0, new Cli(dir.resolve("empty.db"), NOW).ok("pin", "list", "--format", "json").json().path("pins").size());
        assertEquals(2, cli.run("pin", "list", "--format", "xml").code());

        List<String> csv = cli.ok("projects", "--format", "csv").out().lines().toList();
        assertEquals("pinned,project,requests_this_month,cost_this_month_usd,cost_last_30_days_usd,last_activity", csv.get(0));
        assertEquals("1,c,1,1,1,2026-11-24T12:00:00Z", csv.get(1));
        assertEquals(6, csv.size(), "header, 2 pinned, 3 others");
        assertTrue(csv.contains(",d,1,9,9,2026-11-24T12:00:00Z"), csv.toString());
        JsonNode projects = cli.ok("projects", "--format", "json").json().path("projects");
        assertEquals("c", projects.get(0).path("name").asText());
        assertEquals(1, projects.get(0).path("pin_order").asInt());
        assertTrue(projects.get(2).path("pin_order").isNull());
        assertEquals("2026-11-24T12:00:00Z", projects.get(0).path("last_activity").asText());
    }

    @Test
    void pinnedProjectsComeFirstInReportsAndProjects() {
        cli.ok("pin", "add", "b", "a");
        JsonNode rows = cli.ok("report", "--by", "project", "--format", "json").json().path("rows");
        List<String> order = new ArrayList<>();
        rows.forEach(r -> order.add(r.path("project").asText()));
        assertEquals(List.of("b", "a", "d", "c"), order, "pinned in order, then by cost");
        assertEquals(List.of("b", "a", "c", "d"), cli.ok("projects", "--names").out().lines().toList());
        String table = cli.ok("projects").out();
        assertTrue(table.lines().skip(2).findFirst().orElseThrow().startsWith("★  b"), table);
    }

    @Test
    void projectsListShowsMonthAndThirtyDays() {
        cli.ok("record", "--model", "gpt-4o", "--project", "a", "--cost", "5", "--at", "2026-10-30T10:00:00Z");
        JsonNode a = cli.ok("projects", "--format", "json").json().path("projects").get(0);
        assertEquals("a", a.path("name").asText());
        assertEquals(1, a.path("requests_this_month").asLong());
        assertEquals(0, a.path("cost_this_month_usd").decimalValue().compareTo(java.math.BigDecimal.ONE));
        assertEquals(0, a.path("cost_last_30_days_usd").decimalValue().compareTo(java.math.BigDecimal.valueOf(6)));
    }

    @Test
    void renameKeepsRowsPinAndBudgets() {
        cli.ok("pin", "add", "a");
        cli.ok("budget", "set", "--project", "a", "--monthly", "10");
        cli.ok("projects", "rename", "a", "alpha");
        assertEquals(List.of("alpha"), pins());
        assertEquals(1, cli.count("SELECT count(*) FROM budgets WHERE subject = 'alpha'"));
        JsonNode rows = cli.ok("report", "--by", "project", "--project", "alpha", "--format", "json").json().path("rows");
        assertEquals(1, rows.get(0).path("requests").asLong());
        assertEquals(2, cli.run("projects", "rename", "alpha", "b").code(), "b exists");
        assertEquals(2, cli.run("projects", "rename", "zzz", "y").code());
    }

    @Test
    void removeCascadesToRowsRollupsTagsAndBudgets() {
        cli.ok("pin", "add", "a", "b");
        cli.ok("budget", "set", "--project", "b", "--monthly", "10");
        Cli.Result refused = cli.run("projects", "remove", "b");
        assertEquals(2, refused.code());
        assertEquals(4, cli.rows());
        cli.ok("projects", "remove", "b", "--yes");
        assertEquals(3, cli.rows());
        assertEquals(3, cli.count("SELECT sum(requests) FROM usage_hourly"));
        assertEquals(3, cli.count("SELECT count(*) FROM event_tags"));
        assertEquals(0, cli.count("SELECT count(*) FROM budgets"));
        assertEquals(List.of("a"), pins());
    }
}
