package dev.llmcost.cli;

import dev.llmcost.budget.Budget;
import dev.llmcost.budget.BudgetPeriod;
import dev.llmcost.env.DbLocation;
import dev.llmcost.env.Environment;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.store.BudgetStore;
import dev.llmcost.store.Store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hidden {@code __train DIR [--fast-paths]}: runs the commands hooks and prompts run most, in one
 * process, against a scratch database, so that install.sh can record class-data archives of them.
 * {@code --fast-paths} keeps to the commands that run without picocli (record, report, budget status,
 * statusline, ingest) and sets its budget through the store: the AOT cache made from it must not hold
 * picocli, whose Java 5 classes JDK 25 cannot link ahead of time (its assembly crashed on them). The
 * dispatch is {@link FastPath}'s, so picocli is never loaded on the way either.
 */
final class TrainCommand {
    private TrainCommand() {
    }

    static int run(Environment base, Path scratch, boolean fastPathsOnly) {
        String db = scratch.resolve(fastPathsOnly ? "train-fast.db" : "train.db").toString();
        Path transcript = scratch.resolve("projects/-train/train-session.jsonl");
        try {
            Files.createDirectories(transcript.getParent());
            Files.writeString(transcript, "{\"type\":\"assistant\",\"sessionId\":\"train-session\",\"cwd\":\"/train\","
                    + "\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"requestId\":\"req_train\",\"message\":{\"id\":\"msg_train\","
                    + "\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String status = "{\"session_id\":\"train-session\",\"transcript_path\":\"" + transcript
                + "\",\"model\":{\"id\":\"claude-sonnet-4-5\",\"display_name\":\"Sonnet\"}}";
        String json = "{\"id\":\"msg_train\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":12,\"output_tokens\":40}}\n";
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"record", "--model", "claude-sonnet-4-5", "--input-tokens", "1200",
                "--output-tokens", "300", "--project", "train"});
        commands.add(new String[] {"record", "--json", "-"});
        if (fastPathsOnly) {
            setBudget(base, Path.of(db));
        } else {
            commands.add(new String[] {"budget", "set", "--global", "--monthly", "100"});
        }
        commands.add(new String[] {"budget", "status"});
        commands.add(new String[] {"report", "--by", "model", "--since", "30d"});
        commands.add(new String[] {"report", "--by", "day", "--since", "90d", "--format", "json"});
        commands.add(new String[] {"report", "--since", "today", "--format", "csv"});
        commands.add(new String[] {"report", "--by", "block"});
        commands.add(new String[] {"statusline"});
        commands.add(new String[] {"statusline"});
        commands.add(new String[] {"ingest", "claude-code", "--root", scratch.toString()});
        commands.add(new String[] {"ingest", "claude-code", "--root", scratch.toString()});
        if (!fastPathsOnly) {
            commands.add(new String[] {"projects"});
        }
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        for (String[] command : commands) {
            String stdin = command[0].equals("statusline") ? status : json;
            Environment environment = new Environment(base.clock(), base.variables(),
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), base.workingDir(), () -> false);
            String[] args = new String[command.length + 2];
            args[0] = "--db";
            args[1] = db;
            System.arraycopy(command, 0, args, 2, command.length);
            LlmcostCommand.run(environment, discard, discard, args);
        }
        return LlmcostException.EXIT_OK;
    }

    private static void setBudget(Environment environment, Path db) {
        try (Store store = Store.open(db, environment.clock(), DbLocation.cacheDir(environment))) {
            store.write(connection -> {
                new BudgetStore(connection).put(new Budget(Budget.Scope.GLOBAL, "", BudgetPeriod.MONTHLY,
                        new BigDecimal("100"), 80), environment.clock().instant());
                return null;
            });
        }
    }
}
