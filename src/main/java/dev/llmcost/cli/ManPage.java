package dev.llmcost.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

/** Renders one command of the picocli model as a man(7) page, with no tool beyond the JDK. */
final class ManPage {
    private ManPage() {
    }

    static String render(CommandSpec spec) {
        String name = ShellFiles.manName(spec);
        StringBuilder out = new StringBuilder();
        out.append(".\\\" Generated from llmcost's picocli model by ShellFiles; do not edit.\n");
        out.append(".TH ").append(name.toUpperCase()).append(" 1 \"\" \"llmcost ").append(VersionProvider.version())
                .append("\" \"llmcost manual\"\n");
        out.append(".SH NAME\n").append(escape(name)).append(" \\- ")
                .append(escape(String.join(" ", spec.usageMessage().description()))).append('\n');
        out.append(".SH SYNOPSIS\n.B ").append(escape(spec.qualifiedName(" "))).append('\n');
        if (!spec.subcommands().isEmpty()) {
            out.append("\\fICOMMAND\\fR ");
        }
        out.append("[\\fIOPTIONS\\fR]").append(escape(ShellFiles.positionals(spec))).append('\n');
        out.append(".SH DESCRIPTION\n").append(escape(String.join(" ", spec.usageMessage().description()))).append('\n');
        List<String> notes = footerProse(spec);
        if (!notes.isEmpty()) {
            out.append(".PP\n").append(escape(String.join(" ", notes))).append('\n');
        }
        if (!spec.subcommands().isEmpty()) {
            out.append(".SH COMMANDS\n");
            spec.subcommands().forEach((sub, line) -> {
                if (!sub.equals("help")) {
                    out.append(".TP\n.BR ").append(escape(ShellFiles.manName(line.getCommandSpec()))).append(" (1)\n")
                            .append(escape(String.join(" ", line.getCommandSpec().usageMessage().description()))).append('\n');
                }
            });
        }
        out.append(".SH OPTIONS\n");
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            out.append(".TP\n.B ").append(escape(String.join(", ", option.names())));
            if (option.arity().max() > 0) {
                out.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
            }
            out.append('\n').append(escape(describe(option))).append('\n');
        }
        out.append("""
                .SH EXIT STATUS
                .TP
                .B 0
                Success.
                .TP
                .B 1
                Runtime failure: the database is unreadable, locked too long, corrupted or from a newer llmcost; I/O errors.
                .TP
                .B 2
                Usage error or bad input; nothing was written.
                .TP
                .B 3
                A budget is at or over its limit (budget status, record \\-\\-fail\\-over\\-budget).
                .TP
                .B 4
                A budget passed its alert threshold (budget status).
                .SH ENVIRONMENT
                .TP
                .B LLMCOST_DB
                Database file, when \\-\\-db is not given.
                .TP
                .B XDG_DATA_HOME
                Base of the default database, $XDG_DATA_HOME/llmcost/llmcost.db (default ~/.local/share).
                .TP
                .B XDG_CONFIG_HOME
                Base of the user's price overrides, $XDG_CONFIG_HOME/llmcost/prices.json (default ~/.config).
                .TP
                .B NO_COLOR
                Honoured: llmcost prints no colour.
                .TP
                .B LLMCOST_DEBUG
                Set to 1 to print stack traces with failures.
                .TP
                .B LLMCOST_JAVA_OPTS
                Extra JVM flags for the installed launcher.
                .SH FILES
                .TP
                .I ~/.local/share/llmcost/llmcost.db
                The database (SQLite, WAL mode), created 0600 in a 0700 directory.
                .TP
                .I ~/.local/share/llmcost/imports/
                Copies of imported JSON files.
                .TP
                .I ~/.config/llmcost/prices.json
                Price overrides: model name to USD per million tokens.
                """);
        List<String> examples = examples(spec);
        if (!examples.isEmpty()) {
            out.append(".SH EXAMPLES\n");
            for (String example : examples) {
                out.append(".PP\n.nf\n").append(escape(example)).append("\n.fi\n");
            }
        }
        out.append(".SH SEE ALSO\n");
        out.append(spec.parent() == null ? ".BR sqlite3 (1)\n" : ".BR llmcost (1)\n");
        return out.toString();
    }

    static String describe(OptionSpec option) {
        String text = String.join(" ", option.description());
        List<String> candidates = new ArrayList<>();
        if (option.completionCandidates() != null) {
            option.completionCandidates().forEach(c -> candidates.add(c.toLowerCase()));
        }
        return text.replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()).toLowerCase())
                .replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates));
    }

    private static List<String> examples(CommandSpec spec) {
        List<String> examples = new ArrayList<>();
        for (String line : spec.usageMessage().footer()) {
            String trimmed = line.trim();
            if (line.startsWith("  ") && (trimmed.startsWith("llmcost") || trimmed.contains("llmcost "))) {
                examples.add(trimmed);
            }
        }
        return examples;
    }

    private static List<String> footerProse(CommandSpec spec) {
        List<String> prose = new ArrayList<>();
        for (String line : spec.usageMessage().footer()) {
            if (!line.isBlank() && !line.startsWith("  ") && !line.trim().endsWith(":")) {
                prose.add(line.trim());
            }
        }
        return prose;
    }

    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : escaped.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        StringBuilder ascii = new StringBuilder();
        out.codePoints().forEach(c -> ascii.append(c < 128 ? Character.toString(c) : String.format("\\[u%04X]", c)));
        return ascii.toString();
    }
}
