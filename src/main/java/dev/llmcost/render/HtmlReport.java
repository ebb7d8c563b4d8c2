package dev.llmcost.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * {@code report --format html}: one file that opens from disk with no network. It holds the report's own
 * JSON (what {@code --format json} prints) and the spend per day, and draws them with the same inline
 * styles and chart code as the dashboard of {@code llmcost serve}.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** The styles shared by the report and the dashboard. */
    public static String style() {
        return resource("style.css");
    }

    /** The chart and table code shared by the report and the dashboard. */
    public static String script() {
        return resource("charts.js");
    }

    public static void write(PrintWriter out, String reportJson, String dailyJson, String range, Instant generatedAt) {
        String data = "{\"report\": " + reportJson.strip() + ",\n\"daily\": " + dailyJson.strip()
                + ",\n\"range\": " + jsonString(range) + ",\n\"generated_at\": " + jsonString(generatedAt.toString()) + "}";
        out.print(resource("report.html")
                .replace("/*STYLE*/", style())
                .replace("/*CHARTS*/", script())
                .replace("/*DATA*/", scriptSafe(data)));
        out.flush();
    }

    /** JSON that cannot close the script element it sits in, whatever names the data holds. */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    private static String jsonString(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
