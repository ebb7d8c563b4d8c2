package dev.llmcost;

import dev.llmcost.cli.Environment;
import dev.llmcost.cli.LlmcostCommand;

import java.io.PrintWriter;

/** Entry point: runs one command line and exits with its code. The only place that calls System.exit. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, false, java.nio.charset.StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8);
        int code = LlmcostCommand.run(Environment.system(), out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
