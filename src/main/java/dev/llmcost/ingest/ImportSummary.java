package dev.llmcost.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmcost.model.Money;
import dev.llmcost.render.Csv;
import dev.llmcost.render.JsonOut;
import dev.llmcost.render.Numbers;
import dev.llmcost.render.OutputFormat;
import dev.llmcost.render.TextTable;
import dev.llmcost.store.ImportStore.Sums;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code import-json}'s summary: per file and user, what the file held beside what the database now holds. */
public final class ImportSummary {
    /**
     * One file's import. {@code added} and {@code stored} are null when nothing was written (a dry run);
     * users are keyed by name, "" for records without one.
     */
    public record File(Path path, String shape, String sha256, long records, Long added, String backup, int userBudgets,
                List<String> skipped, Map<String, Sums> sums, Map<String, Sums> stored) {
        Sums storedFor(String user) {
            return stored == null ? null : stored.getOrDefault(user, Sums.ZERO);
        }
    }

    private ImportSummary() {
    }

    public static void print(PrintWriter out, OutputFormat format, boolean dryRun, List<File> files) {
        switch (format) {
            case JSON -> json(out, dryRun, files);
            case CSV -> csv(out, files);
            default -> files.forEach(f -> table(out, dryRun, f));
        }
    }

    private static void table(PrintWriter out, boolean dryRun, File f) {
        boolean written = f.stored() != null;
        out.println((dryRun ? "Dry run: " : "Imported ") + f.path() + " (" + f.shape() + "): "
                + Numbers.count(f.records()) + " records"
                + (written ? ", " + Numbers.count(f.added()) + " new, " + Numbers.count(f.records() - f.added())
                + " already present" : ", nothing written")
                + (f.backup() == null ? "" : "; backup " + f.backup()));
        List<String> headers = new ArrayList<>(List.of("User", "Records", "Input tokens", "Output tokens", "Cost (file)"));
        if (written) {
            headers.addAll(List.of("Records (db)", "Cost (db)", "Match"));
        }
        boolean[] numeric = new boolean[headers.size()];
        for (int i = 1; i < numeric.length; i++) {
            numeric[i] = !headers.get(i).equals("Match");
        }
        TextTable table = new TextTable(headers, numeric);
        Sums fileTotal = Sums.ZERO;
        Sums dbTotal = Sums.ZERO;
        for (Map.Entry<String, Sums> entry : f.sums().entrySet()) {
            Sums db = f.storedFor(entry.getKey());
            table.add(tableRow(entry.getKey().isEmpty() ? "(none)" : entry.getKey(), entry.getValue(), db));
            fileTotal = fileTotal.plus(entry.getValue());
            dbTotal = db == null ? dbTotal : dbTotal.plus(db);
        }
        table.footer(tableRow("Total", fileTotal, written ? dbTotal : null));
        table.print(out);
        if (f.userBudgets() > 0) {
            out.println((dryRun ? "Would set " : "Set ") + f.userBudgets() + " user budget(s) from the file's limits.");
        }
    }

    private static List<String> tableRow(String user, Sums file, Sums db) {
        List<String> cells = new ArrayList<>(List.of(user, Numbers.count(file.records()),
                Numbers.count(file.inputTokens()), Numbers.count(file.outputTokens()), usd(file)));
        if (db != null) {
            cells.addAll(List.of(Numbers.count(db.records()), usd(db), db.equals(file) ? "yes" : "NO"));
        }
        return cells;
    }

    private static String usd(Sums sums) {
        return "$" + Money.plain(Money.fromNanos(sums.costNanos()));
    }

    private static void csv(PrintWriter out, List<File> files) {
        Csv.row(out, List.of("file", "shape", "user", "records", "input_tokens", "output_tokens", "cost_usd",
                "db_records", "db_input_tokens", "db_output_tokens", "db_cost_usd", "match"));
        for (File f : files) {
            for (Map.Entry<String, Sums> entry : f.sums().entrySet()) {
                Sums file = entry.getValue();
                Sums db = f.storedFor(entry.getKey());
                List<String> cells = new ArrayList<>(List.of(f.path().toString(), f.shape(), entry.getKey()));
                cells.addAll(csvSums(file));
                cells.addAll(db == null ? List.of("", "", "", "", "") : csvSums(db));
                if (db != null) {
                    cells.add(Boolean.toString(db.equals(file)));
                }
                Csv.row(out, cells);
            }
        }
    }

    private static List<String> csvSums(Sums sums) {
        return List.of(Long.toString(sums.records()), Long.toString(sums.inputTokens()),
                Long.toString(sums.outputTokens()), Money.plain(Money.fromNanos(sums.costNanos())));
    }

    private static void json(PrintWriter out, boolean dryRun, List<File> files) {
        JsonOut.write(out, json -> {
            json.writeStartObject();
            json.writeBooleanField("dry_run", dryRun);
            json.writeArrayFieldStart("files");
            for (File f : files) {
                json.writeStartObject();
                json.writeStringField("file", f.path().toString());
                json.writeStringField("shape", f.shape());
                json.writeStringField("sha256", f.sha256());
                json.writeNumberField("records", f.records());
                if (f.added() == null) {
                    json.writeNullField("new_records");
                    json.writeNullField("already_present");
                } else {
                    json.writeNumberField("new_records", f.added());
                    json.writeNumberField("already_present", f.records() - f.added());
                }
                json.writeStringField("backup", f.backup());
                json.writeNumberField("user_budgets", f.userBudgets());
                json.writeArrayFieldStart("skipped");
                for (String skipped : f.skipped()) {
                    json.writeString(skipped);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("users");
                Sums fileTotal = Sums.ZERO;
                Sums dbTotal = Sums.ZERO;
                for (Map.Entry<String, Sums> entry : f.sums().entrySet()) {
                    Sums db = f.storedFor(entry.getKey());
                    json.writeStartObject();
                    json.writeStringField("user", entry.getKey().isEmpty() ? null : entry.getKey());
                    jsonSums(json, entry.getValue(), db);
                    json.writeEndObject();
                    fileTotal = fileTotal.plus(entry.getValue());
                    dbTotal = db == null ? dbTotal : dbTotal.plus(db);
                }
                json.writeEndArray();
                json.writeObjectFieldStart("total");
                jsonSums(json, fileTotal, f.stored() == null ? null : dbTotal);
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** The file's sums, then the database's ({@code db_*}) and whether they match: null when nothing was written. */
    private static void jsonSums(JsonGenerator json, Sums file, Sums db) throws IOException {
        json.writeNumberField("records", file.records());
        json.writeNumberField("input_tokens", file.inputTokens());
        json.writeNumberField("output_tokens", file.outputTokens());
        json.writeNumberField("cost_usd", Money.forJson(Money.fromNanos(file.costNanos())));
        if (db == null) {
            for (String field : List.of("db_records", "db_input_tokens", "db_output_tokens", "db_cost_usd", "match")) {
                json.writeNullField(field);
            }
            return;
        }
        json.writeNumberField("db_records", db.records());
        json.writeNumberField("db_input_tokens", db.inputTokens());
        json.writeNumberField("db_output_tokens", db.outputTokens());
        json.writeNumberField("db_cost_usd", Money.forJson(Money.fromNanos(db.costNanos())));
        json.writeBooleanField("match", db.equals(file));
    }
}
