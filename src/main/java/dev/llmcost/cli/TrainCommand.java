package dev.llmcost.cli;

import dev.llmcost.LlmcostException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Hidden: runs the commands hooks and prompts run most, in one process, against a scratch database,
 * so that install.sh can record a class-data archive (AOT cache, AppCDS) that covers all of them.
 */
@Command(name = "__train", hidden = true, description = "Exercise common commands for a class-data archive.")
public final class TrainCommand extends BaseCommand {
    @Parameters(paramLabel = "DIR", description = "Scratch directory for the training database.")
    Path scratch;

    @Override
    public Integer call() {
        String db = scratch.resolve("train.db").toString();
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
        List<String[]> commands = List.of(
                new String[] {"--db", db, "record", "--model", "claude-sonnet-4-5", "--input-tokens", "1200",
                        "--output-tokens", "300", "--project", "train"},
                new String[] {"--db", db, "record", "--json", "-"},
                new String[] {"--db", db, "budget", "set", "--global", "--monthly", "100"},
                new String[] {"--db", db, "budget", "status"},
                new String[] {"--db", db, "report", "--by", "model", "--since", "30d"},
                new String[] {"--db", db, "report", "--by", "day", "--since", "90d", "--format", "json"},
                new String[] {"--db", db, "report", "--since", "today", "--format", "csv"},
                new String[] {"--db", db, "report", "--by", "block"},
                new String[] {"--db", db, "statusline"},
                new String[] {"--db", db, "statusline"},
                new String[] {"--db", db, "ingest", "claude-code", "--root", scratch.toString()},
                new String[] {"--db", db, "ingest", "claude-code", "--root", scratch.toString()},
                new String[] {"--db", db, "projects"});
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        for (String[] command : commands) {
            Environment base = environment();
            Environment environment = new Environment(base.clock(), base.variables(),
                    new ByteArrayInputStream((command[2].equals("statusline") ? status : json).getBytes(StandardCharsets.UTF_8)),
                    base.workingDir(), false);
            LlmcostCommand.run(environment, discard, discard, command);
        }
        return LlmcostException.EXIT_OK;
    }
}
