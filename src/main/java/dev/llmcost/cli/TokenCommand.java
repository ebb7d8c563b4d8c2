package dev.llmcost.cli;

import dev.llmcost.capture.TextFields;
import dev.llmcost.model.ApiToken;
import dev.llmcost.model.LlmcostException;
import dev.llmcost.render.Csv;
import dev.llmcost.render.JsonOut;
import dev.llmcost.render.TextTable;
import dev.llmcost.store.Store;
import dev.llmcost.store.TokenStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

@Command(mixinStandardHelpOptions = true, name = "token",
        description = "Tokens for 'llmcost serve', one per person or machine: a record token sends calls (agents, "
                + "laptops, OpenTelemetry) and names their user; a read token reads the dashboard and the API.",
        subcommands = {TokenCommand.Add.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class},
        footer = {
                "",
                "Examples:",
                "  llmcost --db postgresql://team@db/llmcost token add --user ann --role record",
                "  llmcost token list",
                "  llmcost token revoke llmc_AbC1234",
                "",
                "serve accepts them beside its own --token (which may do everything); only a hash is stored.",
        })
public final class TokenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: add, list or revoke");
    }

    @Command(mixinStandardHelpOptions = true, name = "add",
            description = "Make a token and print it once (it cannot be shown again).")
    static final class Add extends BaseCommand {
        private static final SecureRandom RANDOM = new SecureRandom();

        @Option(names = "--user", required = true, paramLabel = "NAME", description = "Whose calls it records, or who reads.")
        String user;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "record or read.")
        String role;

        @Override
        public Integer call() {
            TextFields.check("--user", user);
            ApiToken.Role chosen;
            try {
                chosen = ApiToken.Role.fromDb(role.trim().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw LlmcostException.usage("--role: expected record or read, got '" + role + "'");
            }
            byte[] secret = new byte[24];
            RANDOM.nextBytes(secret);
            String token = "llmc_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            try (Store store = openStore()) {
                store.write(connection -> {
                    new TokenStore(connection).add(token, user, chosen, environment().clock().instant());
                    return null;
                });
            }
            out().println(token);
            err().println("llmcost: " + chosen.dbName() + " token " + token.substring(0, ApiToken.ID_LENGTH) + " for "
                    + user + ": keep it now, it is not stored");
            return LlmcostException.EXIT_OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "Every token: id, user, role, made, revoked.")
    static final class ListTokens extends BaseCommand {
        @Mixin
        FormatOptions format;

        @Override
        public Integer call() {
            List<ApiToken> tokens;
            try (Store store = openStore()) {
                tokens = store.read(connection -> new TokenStore(connection).list());
            }
            switch (format.format) {
                case JSON -> JsonOut.write(out(), json -> {
                    json.writeStartObject();
                    json.writeArrayFieldStart("tokens");
                    for (ApiToken token : tokens) {
                        json.writeStartObject();
                        json.writeStringField("id", token.id());
                        json.writeStringField("user", token.user());
                        json.writeStringField("role", token.role().dbName());
                        json.writeStringField("created_at", token.createdAt().toString());
                        json.writeStringField("revoked_at", token.revokedAt() == null ? null : token.revokedAt().toString());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                });
                case CSV -> {
                    Csv.row(out(), List.of("id", "user", "role", "created_at", "revoked_at"));
                    tokens.forEach(t -> Csv.row(out(), List.of(t.id(), t.user(), t.role().dbName(), t.createdAt().toString(),
                            t.revokedAt() == null ? "" : t.revokedAt().toString())));
                }
                default -> {
                    if (tokens.isEmpty()) {
                        out().println("No tokens. Make one with 'llmcost token add --user NAME --role record'.");
                        return LlmcostException.EXIT_OK;
                    }
                    TextTable table = new TextTable(List.of("Id", "User", "Role", "Made", "Revoked"),
                            new boolean[5]);
                    tokens.forEach(t -> table.add(List.of(t.id(), TextTable.visible(t.user()), t.role().dbName(),
                            t.createdAt().toString(), t.revokedAt() == null ? "" : t.revokedAt().toString())));
                    table.print(out());
                }
            }
            return LlmcostException.EXIT_OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "revoke", description = "Revoke a token by its id (as 'token list' shows it).")
    static final class Revoke extends BaseCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            try (Store store = openStore()) {
                store.write(connection -> {
                    if (!new TokenStore(connection).revoke(id.trim(), environment().clock().instant())) {
                        throw LlmcostException.usage("no active token with id '" + id + "' (see 'llmcost token list')");
                    }
                    return null;
                });
            }
            return LlmcostException.EXIT_OK;
        }
    }
}
