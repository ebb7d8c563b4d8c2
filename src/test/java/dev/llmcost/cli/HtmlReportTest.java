package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code report --format html}: one file, no network, holding exactly the report's JSON. */
class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void thePageHoldsTheReportsJsonAndNothingFromElsewhere() throws Exception {
        Cli cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-24T12:30:00Z"));
        cli.ok("record", "--project", "web", "--model", "gpt-4o", "--input-tokens", "1000", "--at", "2026-11-20T10:00:00Z");
        cli.ok("record", "--project", "</script><img src=x onerror=alert(1)>", "--model", "claude-sonnet-4-5",
                "--input-tokens", "2000", "--output-tokens", "100", "--at", "2026-11-22T10:00:00Z");
        cli.ok("record", "--project", "web", "--model", "unknown-model-x", "--input-tokens", "3");
        String html = cli.ok("report", "--by", "project", "--since", "30d", "--format", "html").out();
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("</script><img"), "names cannot close the data's script element");
        assertFalse(html.matches("(?s).*(src|href)\\s*=\\s*[\"']?(https?:)?//.*"), "no external resources");
        assertFalse(html.contains("<link"));

        Matcher data = Pattern.compile("(?s)<script id=\"llmcost-data\" type=\"application/json\">(.*?)</script>").matcher(html);
        assertTrue(data.find());
        JsonNode embedded = new ObjectMapper().readTree(data.group(1));
        JsonNode json = cli.ok("report", "--by", "project", "--since", "30d", "--format", "json").json();
        assertEquals(json, embedded.path("report"), "the page carries exactly what --format json prints");
        assertEquals("project", embedded.path("daily").path("group_by").get(1).asText(), "stacked by the first --by");
        assertEquals(3, embedded.path("daily").path("total").path("requests").asInt());
        assertEquals(1, embedded.path("report").path("total").path("unpriced_requests").asInt());
        assertTrue(embedded.path("range").asText().contains("(UTC)"), embedded.path("range").asText());
    }

    @Test
    void aTimeGroupFirstStacksByModel() throws Exception {
        Cli cli = new Cli(dir.resolve("llmcost.db"), Instant.parse("2026-11-24T12:30:00Z"));
        cli.ok("record", "--project", "web", "--model", "gpt-4o", "--input-tokens", "1000");
        String html = cli.ok("report", "--by", "day", "--format", "html").out();
        assertTrue(html.contains("\"group_by\" : [ \"day\", \"model\" ]"), "day then model");
    }
}
