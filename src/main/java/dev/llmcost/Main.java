package dev.llmcost;

import dev.llmcost.cli.LlmcostCommand;
import dev.llmcost.env.DbLocation;
import dev.llmcost.env.Environment;
import dev.llmcost.store.Store;

import java.io.PrintWriter;

/** Entry point: runs one command line and exits with its code. The only place that calls System.exit. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Environment environment = Environment.system();
        Store.warmUpInBackground(DbLocation.cacheDir(environment));
        PrintWriter out = new PrintWriter(System.out, false, java.nio.charset.StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8);
        int code = LlmcostCommand.run(environment, out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
