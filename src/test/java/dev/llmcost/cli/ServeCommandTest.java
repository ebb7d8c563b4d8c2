package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.Cli;
import dev.llmcost.model.ApiToken;
import dev.llmcost.env.Environment;
import dev.llmcost.web.DashboardServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code llmcost serve} in this process, spoken to with java.net.http.HttpClient, against a real database file
 * and a team PostgreSQL database alike.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class ServeCommandTest {
    @Parameter
    String backend;

    static final Instant NOW = Instant.parse("2026-11-24T12:30:00Z");
    static final String TOKEN = "0123456789abcdef0123";

    @TempDir
    Path dir;
    Cli cli;
    DashboardServer server;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper mapper = new ObjectMapper();

    @BeforeEach
    void seed() {
        cli = Cli.on(backend, dir, NOW);
        cli.ok("record", "--project", "web", "--model", "claude-sonnet-4-5", "--input-tokens", "1200",
                "--output-tokens", "340", "--session", "s1", "--at", "2026-11-23T10:00:00Z");
        cli.ok("record", "--project", "api", "--model", "gpt-4o", "--input-tokens", "900", "--output-tokens", "80",
                "--cost", "0.0031", "--at", "2026-11-20T10:00:00Z", "--id", "seed-1");
        cli.ok("record", "--project", "web", "--model", "mystery-model", "--input-tokens", "5", "--at", "3h");
        cli.ok("pin", "add", "api");
        cli.ok("budget", "set", "--project", "web", "--monthly", "0.005");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Environment environment() {
        Map<String, String> env = new HashMap<>();
        env.put("TZ", "UTC");
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        return new Environment(Clock.fixed(NOW, ZoneOffset.UTC), env, new ByteArrayInputStream(new byte[0]),
                Path.of("/work/demo"), () -> false);
    }

    /** Starts serve with these flags, as the command line would parse them. */
    private DashboardServer serve(String... flags) {
        List<String> args = new ArrayList<>(List.of("--db", cli.target(), "serve", "--port", "0"));
        args.addAll(List.of(flags));
        CommandLine commandLine = LlmcostCommand.commandLine(environment());
        CommandLine.ParseResult parsed = commandLine.parseArgs(args.toArray(String[]::new));
        ServeCommand command = (ServeCommand) parsed.subcommand().commandSpec().userObject();
        server = command.start();
        return server;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String path, String body) throws Exception {
        return post(path, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    @Test
    void usageIsExactlyWhatReportFormatJsonPrints() throws Exception {
        serve();
        Map<String, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("/api/usage", List.of());
        cases.put("/api/usage?group_by=project", List.of("--by", "project"));
        cases.put("/api/usage?group_by=day,model&since=7d", List.of("--by", "day,model", "--since", "7d"));
        cases.put("/api/usage?group_by=project&group_by=model&since=2026-11-01&until=2026-11-22",
                List.of("--by", "project", "--by", "model", "--since", "2026-11-01", "--until", "2026-11-22"));
        cases.put("/api/usage?group_by=session&project=web", List.of("--by", "session", "--project", "web"));
        cases.put("/api/usage?group_by=agent&from_date=this-month&to_date=today",
                List.of("--by", "agent", "--since", "this-month", "--until", "today"));
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("report", "--format", "json"));
            args.addAll(c.getValue());
            HttpResponse<String> response = get(c.getKey());
            assertEquals(200, response.statusCode(), c.getKey() + ": " + response.body());
            assertEquals(cli.ok(args.toArray(String[]::new)).out(), response.body(), c.getKey());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        }
        assertEquals(cli.run("budget", "status", "--format", "json").out(), get("/api/budgets").body());
        assertEquals(cli.ok("projects", "--format", "json").out(), get("/api/projects").body());
        JsonNode budgets = mapper.readTree(get("/api/budgets").body());
        assertEquals("over", budgets.path("budgets").get(0).path("state").asText(), "the seeded budget is over: 200 all the same");
    }

    @Test
    void badQueriesAre400WithTheCommandsOwnMessage() throws Exception {
        serve();
        HttpResponse<String> unknownBy = get("/api/usage?group_by=colour");
        assertEquals(400, unknownBy.statusCode());
        assertTrue(mapper.readTree(unknownBy.body()).path("error").asText().startsWith("unknown --by 'colour'"),
                unknownBy.body());
        assertEquals(400, get("/api/usage?since=2026-11-10&until=2026-11-01").statusCode());
        assertEquals(400, get("/api/usage?colour=red").statusCode());
        assertEquals(400, get("/api/usage?since=--db=/etc/passwd").statusCode(), "a value never becomes an option");
        assertEquals(400, get("/api/calls?limit=0").statusCode());
        assertEquals(404, get("/api/nothing").statusCode());
        assertEquals(405, http.send(HttpRequest.newBuilder(uri("/api/budgets")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void postStoresOneCallOrAnArrayAndRepeatsAreAlreadyRecorded() throws Exception {
        serve();
        long before = cli.rows();
        HttpResponse<String> one = postJson("/api/usage", """
                {"model": "gpt-4o", "input_tokens": 1000, "output_tokens": 100, "project": "web", "id": "call-1",
                 "user": "ann", "session": "s9", "tags": {"phase": "plan"}, "at": "2026-11-24T12:00:00Z"}""");
        assertEquals(201, one.statusCode(), one.body());
        JsonNode stored = mapper.readTree(one.body());
        assertEquals(1, stored.path("recorded").asInt());
        assertEquals("call-1", stored.path("calls").get(0).path("id").asText());
        assertEquals("recorded", stored.path("calls").get(0).path("status").asText());
        assertEquals(before + 1, cli.rows());
        assertEquals(List.of("plan"), cli.strings("SELECT value FROM event_tags WHERE key = 'phase'"));

        HttpResponse<String> again = postJson("/api/usage", """
                {"model": "gpt-4o", "input_tokens": 1000, "output_tokens": 100, "project": "web", "id": "call-1"}""");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("already recorded", mapper.readTree(again.body()).path("calls").get(0).path("status").asText());
        assertEquals(before + 1, cli.rows());

        HttpResponse<String> array = postJson("/api/usage?project=batch", """
                [{"model": "claude-sonnet-4-5", "input_tokens": 10, "output_tokens": 5, "id": "b-1"},
                 {"model": "gpt-4o", "usage": {"prompt_tokens": 300, "completion_tokens": 20,
                   "prompt_tokens_details": {"cached_tokens": 100}}, "id": "chatcmpl-7"},
                 {"model": "local-llama", "provider": "ollama", "input_tokens": 50, "project": "laptop"}]""");
        assertEquals(201, array.statusCode(), array.body());
        assertEquals(3, mapper.readTree(array.body()).path("recorded").asInt());
        assertEquals(before + 4, cli.rows());
        assertEquals(List.of("200"), cli.strings("SELECT input_tokens FROM events WHERE event_key = 'chatcmpl-7'"),
                "provider JSON counts as record --json does: input = prompt - cached");
        assertEquals(List.of("batch"), cli.strings(
                "SELECT p.name FROM events e JOIN projects p ON p.id = e.project_id WHERE event_key = 'b-1'"));
        assertEquals(1, cli.count("SELECT count(*) FROM events e JOIN projects p ON p.id = e.project_id "
                + "WHERE p.name = 'laptop'"));
        JsonNode report = cli.ok("report", "--by", "project", "--format", "json").json();
        assertEquals(before + 4, report.path("total").path("requests").asLong());
    }

    @Test
    void anUnknownModelIsStoredUnpricedWithAWarning() throws Exception {
        serve();
        HttpResponse<String> response = postJson("/api/usage", "{\"model\": \"nobody-knows-1\", \"input_tokens\": 5}");
        assertEquals(201, response.statusCode());
        JsonNode body = mapper.readTree(response.body());
        assertTrue(body.path("calls").get(0).path("cost_usd").isNull());
        assertTrue(body.path("warnings").get(0).asText().contains("no price known"), response.body());
    }

    /** record's bad-input corpus, the same values as body fields (or, for --json, as the body): 400 and nothing written. */
    @Test
    void theBadInputCorpusIsRefusedWith400AndTheDatabaseUnchanged() throws Exception {
        serve();
        Path corpus = Path.of(getClass().getResource("/bad/cases.tsv").getFile()).getParent();
        int cases = 0;
        for (String line : Files.readAllLines(corpus.resolve("cases.tsv"))) {
            String[] fields = line.split("\t", -1);
            if (line.startsWith("#") || line.isBlank() || !fields[3].equals("record")) {
                continue;
            }
            byte[] body = body(java.util.Arrays.copyOfRange(fields, 4, fields.length), corpus);
            String dbBefore = cli.snapshot();
            long rows = cli.rows();
            HttpResponse<String> response = post("/api/usage", body, "Content-Type", "application/json");
            String name = fields[0];
            assertEquals(400, response.statusCode(), name + ": " + response.body());
            JsonNode error = mapper.readTree(response.body());
            String message = error.path("error").asText();
            assertFalse(message.isEmpty(), name);
            assertFalse(message.contains("Exception") || message.contains("\tat "), name + ": " + message);
            String fragment = name.equals("directory as FILE") ? "no JSON document" // a directory sends nothing
                    : fields[2].startsWith("@") ? "UTF-8"
                    : java.util.regex.Pattern.compile("--([a-z-]+)").matcher(fields[2])
                    .replaceAll(m -> m.group(1).replace('-', '_'));
            assertTrue(message.contains(fragment), name + ": '" + fragment + "' in " + message);
            assertEquals(rows, cli.rows(), name);
            assertEquals(dbBefore, cli.snapshot(), name + ": the database changed");
            cases++;
        }
        assertTrue(cases >= 20, "record cases in the corpus: " + cases);
    }

    /** A corpus case's record arguments as a body: flags become snake_case fields, {@code --json FILE} the file itself. */
    private static byte[] body(String[] args, Path corpus) throws IOException {
        Map<String, Object> call = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            if (args[i].equals("--json")) {
                Path file = corpus.resolve(value.startsWith("@") ? value.substring(1) : value).normalize();
                return Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
            }
            if (value.equals("@LONG")) {
                value = "m".repeat(10_240);
            }
            value = java.util.regex.Pattern.compile("\\\\u([0-9a-fA-F]{4})").matcher(value)
                    .replaceAll(m -> Character.toString((char) Integer.parseInt(m.group(1), 16)));
            String field = args[i].substring(2).replace('-', '_');
            boolean number = field.endsWith("_tokens") || field.equals("duration_ms");
            call.put(field, number && value.matches("-?\\d+") ? new java.math.BigInteger(value) : value);
        }
        return new ObjectMapper().writeValueAsBytes(call);
    }

    @Test
    void bodiesOverTheLimitGet413AndOtherTypesGet415() throws Exception {
        serve("--max-body-kb", "1");
        long rows = cli.rows();
        String big = "[" + String.join(",", java.util.Collections.nCopies(40,
                "{\"model\": \"gpt-4o\", \"input_tokens\": 1, \"project\": \"web\"}")) + "]";
        assertTrue(big.length() > 1024);
        assertEquals(413, postJson("/api/usage", big).statusCode());
        assertEquals(415, post("/api/usage", "{\"model\": \"gpt-4o\"}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "text/plain").statusCode());
        assertEquals(415, post("/api/usage", "{\"model\": \"gpt-4o\"}".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(rows, cli.rows());
        assertEquals(201, postJson("/api/usage", "{\"model\": \"gpt-4o\", \"input_tokens\": 1}").statusCode());
    }

    @Test
    void withATokenEveryApiRequestNeedsTheBearerHeader() throws Exception {
        serve("--token", TOKEN);
        assertEquals(401, get("/api/usage").statusCode());
        assertEquals("Bearer", get("/api/usage").headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, get("/api/usage", "Authorization", "Bearer " + TOKEN + "x").statusCode());
        assertEquals(401, get("/api/usage", "Authorization", "Basic " + TOKEN).statusCode());
        assertEquals(200, get("/api/usage", "Authorization", "Bearer " + TOKEN).statusCode());
        long rows = cli.rows();
        assertEquals(401, postJson("/api/usage", "{\"model\": \"gpt-4o\", \"input_tokens\": 1}").statusCode());
        assertEquals(rows, cli.rows());
        assertEquals(201, post("/api/usage", "{\"model\": \"gpt-4o\", \"input_tokens\": 1}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN).statusCode());
        assertEquals(200, get("/").statusCode(), "the page itself holds no data; it asks for the token");
    }

    @Test
    void personalTokensNameTheUserAndKeepTheirRole() throws Exception {
        String ann = cli.ok("token", "add", "--user", "ann", "--role", "record").out().strip();
        String bob = cli.ok("token", "add", "--user", "bob", "--role", "read").out().strip();
        assertTrue(ann.startsWith("llmc_") && ann.length() > 30, ann);
        serve("--token", TOKEN);
        String call = "{\"model\": \"gpt-4o\", \"input_tokens\": 7}";
        String[] asAnn = {"Content-Type", "application/json", "Authorization", "Bearer " + ann};
        assertEquals(201, post("/api/usage", call.getBytes(StandardCharsets.UTF_8), asAnn).statusCode());
        assertEquals(201, post("/api/usage", "{\"model\": \"gpt-4o\", \"input_tokens\": 8, \"user\": \"carl\"}"
                .getBytes(StandardCharsets.UTF_8), asAnn).statusCode());
        String otlp = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"1763632800000000000\","
                + "\"body\":{\"stringValue\":\"claude_code.api_request\"},\"attributes\":["
                + "{\"key\":\"model\",\"value\":{\"stringValue\":\"claude-sonnet-4-5\"}},"
                + "{\"key\":\"input_tokens\",\"value\":{\"stringValue\":\"9\"}}]}]}]}]}";
        assertEquals(200, post("/v1/logs", otlp.getBytes(StandardCharsets.UTF_8), asAnn).statusCode());
        JsonNode byUser = cli.ok("report", "--by", "user", "--since", "2020-01-01", "--format", "json").json();
        java.util.Map<String, Long> requests = new java.util.TreeMap<>();
        byUser.path("rows").forEach(r -> requests.put(r.path("user").asText(), r.path("requests").asLong()));
        assertEquals(2, requests.get("ann"), "the token's user, for a POST and for telemetry: " + requests);
        assertEquals(1, requests.get("carl"), "a call that names its user keeps it");
        assertEquals(403, get("/api/usage", "Authorization", "Bearer " + ann).statusCode(), "a record token cannot read");
        assertEquals(200, get("/api/usage", "Authorization", "Bearer " + bob).statusCode());
        assertEquals(200, get("/metrics", "Authorization", "Bearer " + bob).statusCode());
        String before = cli.snapshot();
        assertEquals(403, post("/api/usage", call.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                "Authorization", "Bearer " + bob).statusCode(), "a read token cannot record");
        assertEquals(401, post("/api/usage", call.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                "Authorization", "Bearer llmc_unknown0000000000000000000000").statusCode());
        assertEquals(before, cli.snapshot(), "nothing written");
        assertFalse(before.contains(ann.substring(ApiToken.ID_LENGTH)), "only a hash of a token is kept");
        JsonNode tokens = cli.ok("token", "list", "--format", "json").json().path("tokens");
        assertEquals(2, tokens.size());
        cli.ok("token", "revoke", ann.substring(0, ApiToken.ID_LENGTH));
        assertEquals(401, post("/api/usage", call.getBytes(StandardCharsets.UTF_8), asAnn).statusCode(), "revoked");
        assertEquals(2, cli.run("token", "revoke", ann.substring(0, ApiToken.ID_LENGTH)).code(), "already revoked");
        assertEquals(2, cli.run("token", "add", "--user", "x", "--role", "admin").code());
    }

    @Test
    void doctorSaysWhenAnAgentsCallsArriveBothByTelemetryAndFromItsLogs() throws Exception {
        new dev.llmcost.ingest.ClaudeCodeFixture(dir.resolve("claude")).write();
        cli.ok("ingest", "claude-code", "--root", dir.resolve("claude").toString());
        assertTrue(cli.run("doctor").out().contains("no agent's calls arrive both"), cli.run("doctor").out());
        serve();
        String otlp = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"1763632800000000000\","
                + "\"body\":{\"stringValue\":\"claude_code.api_request\"},\"attributes\":["
                + "{\"key\":\"model\",\"value\":{\"stringValue\":\"claude-sonnet-4-5\"}},"
                + "{\"key\":\"input_tokens\",\"value\":{\"intValue\":12}}]}]}]}]}";
        assertEquals(200, post("/v1/logs", otlp.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json")
                .statusCode());
        Cli.Result doctor = cli.run("doctor");
        assertEquals(1, doctor.code(), doctor.out());
        assertTrue(doctor.out().contains("claude-code: calls arrive both by OpenTelemetry"), doctor.out());
    }

    @Test
    void aNonLoopbackBindWithoutATokenIsRefusedAtStartUp() {
        Cli.Result refused = cli.run("serve", "--bind", "0.0.0.0", "--port", "0");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("--bind 0.0.0.0 is not a loopback address") && refused.err().contains("--token"),
                refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());
        Cli.Result shortToken = cli.run("serve", "--bind", "0.0.0.0", "--token", "secret");
        assertEquals(2, shortToken.code());
        assertTrue(shortToken.err().contains("at least 16 characters"), shortToken.err());
    }

    @Test
    void aPortInUseIsARuntimeFailureInOneLine() {
        serve();
        Cli.Result taken = cli.run("serve", "--port", Integer.toString(server.port()));
        assertEquals(1, taken.code(), taken.err());
        assertTrue(taken.err().contains("cannot listen on 127.0.0.1:" + server.port()), taken.err());
        assertEquals(1, taken.err().lines().count(), taken.err());
    }

    @Test
    void thePageIsSelfContainedAndNoPathReachesTheDisk() throws Exception {
        serve();
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("<svg") || html.contains("createElementNS"), "charts drawn inline");
        assertFalse(html.matches("(?s).*(src|href)\\s*=\\s*[\"']?(https?:)?//.*"), "no external resources");
        assertFalse(html.contains("<link"), "no stylesheets from elsewhere");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        for (String path : List.of("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/dashboard.html",
                "/dev/llmcost/web/dashboard.html", "/api/../../etc/passwd")) {
            String status = rawRequest("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertTrue(status.startsWith("HTTP/1.1 404") || status.startsWith("HTTP/1.1 400"), path + ": " + status);
        }
    }

    @Test
    void withoutATokenTheHostMustBeLoopback() throws Exception {
        serve();
        assertTrue(rawRequest("GET /api/usage HTTP/1.1\r\nHost: evil.example:8787\r\nConnection: close\r\n\r\n")
                .startsWith("HTTP/1.1 403"));
        assertTrue(rawRequest("GET /api/usage HTTP/1.1\r\nHost: localhost:" + server.port()
                + "\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200"));
    }

    /** The status line of a request written by hand (HttpClient normalises paths and will not set Host). */
    private String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    @Test
    void theChangeStampMovesWhenACallIsStored() throws Exception {
        serve();
        String before = get("/api/changes").body();
        assertEquals(before, get("/api/changes").body(), "reads change nothing");
        assertEquals(201, postJson("/api/usage", "{\"model\": \"gpt-4o\", \"input_tokens\": 1}").statusCode());
        assertFalse(before.equals(get("/api/changes").body()));
    }

    @Test
    void recentCallsNewestFirst() throws Exception {
        serve();
        JsonNode calls = mapper.readTree(get("/api/calls?limit=2").body()).path("calls");
        assertEquals(2, calls.size());
        assertEquals("mystery-model", calls.get(0).path("model").asText());
        assertTrue(calls.get(0).path("cost_usd").isNull(), "unpriced stays null, never 0");
        assertEquals("claude-sonnet-4-5", calls.get(1).path("model").asText());
    }

    @Test
    void htmlIsOnlyForReport() {
        Cli.Result result = cli.run("budget", "status", "--format", "html");
        assertEquals(2, result.code());
        assertTrue(result.err().contains("only for 'llmcost report'"), result.err());
    }
}
