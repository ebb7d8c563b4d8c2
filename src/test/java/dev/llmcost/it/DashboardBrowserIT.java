package dev.llmcost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.Cli;
import dev.llmcost.TestPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Wait;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard and the HTML report in real headless Chromium (Debian's chromium and chromedriver), read back
 * and compared with {@code report --format json}. Skips without chromium unless LLMCOST_REQUIRE_BROWSER=1.
 * Screenshots go to target/dashboard.png and target/report.png.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Cli.SQLITE, Cli.POSTGRESQL})
class DashboardBrowserIT {
    /** The same page on a local file and on a team PostgreSQL database. */
    @Parameter
    String backend;

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    final ObjectMapper mapper = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theDashboardShowsWhatReportPrintsAndFollowsNewCalls() throws Exception {
        boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!available && "1".equals(System.getenv("LLMCOST_REQUIRE_BROWSER"))) {
            throw new AssertionError("LLMCOST_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
        }
        Assumptions.assumeTrue(available, "no chromium/chromedriver: apt-get install chromium chromium-driver");

        String db = backend.equals(Cli.POSTGRESQL) ? TestPostgres.get().newMigratedDatabase()
                : dir.resolve("llmcost.db").toString();
        Jar.Result pinned = Jar.run(db, "", "pin", "add", "docs", "web");
        assertEquals(0, pinned.code(), pinned.err());
        Jar.Result budget = Jar.run(db, "", "budget", "set", "--project", "web", "--monthly", "8", "--alert-at", "60");
        assertEquals(0, budget.code(), budget.err());
        Jar.Result global = Jar.run(db, "", "budget", "set", "--global", "--monthly", "40");
        assertEquals(0, global.code(), global.err());

        try (Served served = Served.start(db)) {
            HttpResponse<String> seeded = post(served, seed());
            assertEquals(201, seeded.statusCode(), seeded.body());
            JsonNode total = report(db, "--since", "30d").path("total");
            List<String> projectOrder = new ArrayList<>();
            report(db, "--by", "project", "--since", "30d").path("rows").forEach(r -> projectOrder.add(r.path("project").asText()));
            assertEquals(List.of("docs", "web"), projectOrder.subList(0, 2), "pinned first, in the user's order");

            WebDriver browser = browser();
            try {
                Wait<WebDriver> wait = new WebDriverWait(browser, Duration.ofSeconds(30))
                        .ignoring(StaleElementReferenceException.class);
                browser.get(served.uri.toString());
                wait.until(b -> !b.findElements(By.cssSelector("#projects table")).isEmpty()
                        && !b.findElements(By.cssSelector("#daily svg rect")).isEmpty());
                WebElement requests = browser.findElement(By.id("total-requests"));
                WebElement cost = browser.findElement(By.id("total-cost"));
                assertEquals(total.path("requests").asText(), requests.getAttribute("data-count"));
                assertEquals(0, total.path("cost_usd").decimalValue().compareTo(new BigDecimal(cost.getAttribute("data-usd"))));
                assertEquals("$" + total.path("cost_usd").decimalValue().setScale(2, java.math.RoundingMode.HALF_EVEN)
                        .toPlainString(), cost.getText());
                List<String> shown = new ArrayList<>();
                browser.findElements(By.cssSelector("#projects tbody td.key")).forEach(c -> shown.add(c.getAttribute("data-name")));
                assertEquals(projectOrder, shown);
                assertEquals(2, browser.findElements(By.cssSelector("#projects tbody .pin")).size());
                assertEquals(2, browser.findElements(By.cssSelector("#budgets .gauge")).size());
                assertTrue(browser.findElement(By.id("totals")).getText().contains("without a known price"),
                        "the unpriced call is flagged");

                long before = total.path("requests").asLong();
                HttpResponse<String> posted = post(served, "{\"model\": \"claude-sonnet-4-5\", \"input_tokens\": 4000, "
                        + "\"output_tokens\": 900, \"project\": \"web\", \"session\": \"live-1\"}");
                assertEquals(201, posted.statusCode(), posted.body());
                wait.until(b -> String.valueOf(before + 1).equals(
                        b.findElement(By.id("total-requests")).getAttribute("data-count")));
                assertTrue(browser.findElement(By.id("calls")).getText().contains("live-1"), "recent calls updated");
                JsonNode after = report(db, "--since", "30d").path("total");
                assertEquals(0, after.path("cost_usd").decimalValue().compareTo(
                        new BigDecimal(browser.findElement(By.id("total-cost")).getAttribute("data-usd"))));

                JsonNode week = report(db, "--since", "7d").path("total");
                assertTrue(week.path("requests").asLong() < after.path("requests").asLong());
                browser.findElement(By.cssSelector("#range button[data-since='7d']")).click();
                wait.until(b -> week.path("requests").asText().equals(
                        b.findElement(By.id("total-requests")).getAttribute("data-count")));
                assertEquals(0, week.path("cost_usd").decimalValue().compareTo(
                        new BigDecimal(browser.findElement(By.id("total-cost")).getAttribute("data-usd"))));
                browser.findElement(By.cssSelector("#range button[data-since='30d']")).click();
                wait.until(b -> after.path("requests").asText().equals(
                        b.findElement(By.id("total-requests")).getAttribute("data-count")));
                if (backend.equals(Cli.SQLITE)) {
                    screenshot(browser, "dashboard.png");
                }

                // the HTML report, opened from disk in the same browser
                Jar.Result html = Jar.run(db, "", "report", "--by", "project", "--since", "30d", "--format", "html");
                assertEquals(0, html.code(), html.err());
                Path page = dir.resolve("report.html");
                Files.writeString(page, html.out());
                browser.get(page.toUri().toString());
                wait.until(b -> !b.findElements(By.cssSelector("#groups table")).isEmpty());
                assertEquals(after.path("requests").asText(),
                        browser.findElement(By.id("total-requests")).getAttribute("data-count"));
                assertEquals(0, after.path("cost_usd").decimalValue().compareTo(
                        new BigDecimal(browser.findElement(By.id("total-cost")).getAttribute("data-usd"))));
                List<String> reportOrder = new ArrayList<>();
                browser.findElements(By.cssSelector("#groups tbody td.key")).forEach(c -> reportOrder.add(c.getAttribute("data-name")));
                assertEquals(projectOrder, reportOrder);
                if (backend.equals(Cli.SQLITE)) {
                    screenshot(browser, "report.png");
                }
            } finally {
                browser.quit();
            }
        }
    }

    /** A month of calls: five projects, six models, sessions, and one call without a known price. */
    private static String seed() {
        String[] projects = {"web", "api", "docs", "ops", "web", "api", "research"};
        String[] models = {"claude-sonnet-4-5", "gpt-4o", "claude-opus-4-1", "gpt-4o-mini", "claude-haiku-4-5",
                "gemini-2.5-pro"};
        java.util.Random random = new java.util.Random(17);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            int day = random.nextInt(28);
            String model = models[Math.min(models.length - 1, (int) Math.abs(random.nextGaussian() * 2.2))];
            items.add("{\"project\": \"" + projects[random.nextInt(projects.length)] + "\", \"model\": \"" + model
                    + "\", \"at\": \"" + (day * 24 + 1 + random.nextInt(20)) + "h\", \"session\": \"s-" + (day / 3) + "-"
                    + random.nextInt(3) + "\", \"input_tokens\": " + (2_000 + random.nextInt(30_000))
                    + ", \"output_tokens\": " + (200 + random.nextInt(3_000)) + ", \"cache_read_tokens\": "
                    + random.nextInt(60_000) + ", \"id\": \"seed-" + i + "\"}");
        }
        items.add("{\"project\": \"web\", \"model\": \"house-model-7b\", \"at\": \"3h\", \"input_tokens\": 9000, "
                + "\"output_tokens\": 700, \"session\": \"s-local\", \"id\": \"seed-unpriced\"}");
        return "[" + String.join(",\n", items) + "]";
    }

    private JsonNode report(String db, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("report", "--format", "json"));
        all.addAll(List.of(args));
        Jar.Result result = Jar.run(db, "", all.toArray(String[]::new));
        assertEquals(0, result.code(), result.err());
        return mapper.readTree(result.out());
    }

    private HttpResponse<String> post(Served served, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(served.resolve("/api/usage")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--window-size=1280,1800", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.write(target, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
