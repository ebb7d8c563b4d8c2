package dev.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmcost.env.DbLocation;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.pricing.PriceData;
import dev.llmcost.pricing.PriceDataJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

@Command(mixinStandardHelpOptions = true, name = "update",
        description = "Load genai-prices' published price data (JSON), check it, and keep it in the data dir; it is used instead of the bundled table from then on (it is newer).")
public final class PricesUpdateCommand extends BaseCommand {
    /** The URL @pydantic/genai-prices itself updates from (its REMOTE_DATA_JSON_URL). */
    static final String DEFAULT_URL = "https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json";

    @Option(names = "--from", paramLabel = "FILE|URL", description = "Where to load data.json from (default: the URL @pydantic/genai-prices itself updates from, its raw GitHub prices/new_data/v2/data.json).")
    String from = DEFAULT_URL;

    @Override
    public Integer call() {
        byte[] bytes = load(from);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw LlmcostException.usage(from + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Instant now = environment().clock().instant().truncatedTo(ChronoUnit.SECONDS);
        PriceData.Source source = new PriceData.Source("genai-prices data.json (update)", "sha256:" + sha256(bytes).substring(0, 12),
                now.toString());
        String table;
        try {
            table = PriceDataJson.toTable(root, source);
        } catch (IllegalArgumentException e) {
            throw LlmcostException.usage(from + ": not genai-prices data: " + e.getMessage());
        }
        Path target = DbLocation.updatedPrices(environment());
        try {
            Files.createDirectories(target.getParent());
            Path part = target.resolveSibling(target.getFileName() + ".part");
            Files.writeString(part, "# from " + from + "\n" + table, StandardCharsets.UTF_8);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw LlmcostException.runtime(target + ": cannot write: " + e.getMessage(), e);
        }
        PriceData updated;
        try {
            updated = PriceData.read(target);
        } catch (IOException e) {
            throw LlmcostException.runtime(target + ": cannot read back: " + e.getMessage(), e);
        }
        PriceData bundled = PriceData.bundled();
        out().println("Loaded " + updated.providerIds().size() + " providers, " + updated.allModels().size()
                + " models from " + from + " into " + target);
        out().println("In use from now on instead of the bundled table (" + bundled.source().label()
                + "); 'llmcost reprice' recomputes stored costs with it.");
        return LlmcostException.EXIT_OK;
    }

    private static byte[] load(String from) {
        if (from.startsWith("http://") || from.startsWith("https://")) {
            try {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                        .followRedirects(HttpClient.Redirect.NORMAL).build();
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(from))
                        .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw LlmcostException.runtime(from + ": HTTP " + response.statusCode(), null);
                }
                return response.body();
            } catch (IOException e) {
                throw LlmcostException.runtime(from + ": cannot download: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw LlmcostException.runtime(from + ": interrupted", e);
            } catch (IllegalArgumentException e) {
                throw LlmcostException.usage("--from: not a valid URL: " + from);
            }
        }
        Path file = Path.of(from);
        if (!Files.isRegularFile(file)) {
            throw LlmcostException.usage("--from: no such file: " + from);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw LlmcostException.runtime(from + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
