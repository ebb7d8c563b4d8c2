package dev.llmcost.web;

import java.io.PrintWriter;

/**
 * Runs one llmcost command line in this process, as the terminal would: the API's GETs answer with the
 * very output of the commands whose {@code --format json} they mirror, so the API and the CLI cannot drift.
 * {@code serve} hands the command layer in; nothing in {@code web/} knows it.
 */
@FunctionalInterface
public interface CommandRunner {
    /** The exit code; the command's data went to {@code out}, its messages to {@code err}. */
    int run(PrintWriter out, PrintWriter err, String... args);
}
