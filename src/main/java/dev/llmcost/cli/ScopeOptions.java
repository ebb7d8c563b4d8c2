package dev.llmcost.cli;

import dev.llmcost.budget.Budget;
import dev.llmcost.capture.TextFields;
import picocli.CommandLine.Option;

/** Which budget: {@code --project NAME}, {@code --user NAME} or {@code --global} (used as an exclusive group). */
public final class ScopeOptions {
    @Option(names = "--project", paramLabel = "NAME", description = "A project's budget.")
    String project;

    @Option(names = "--user", paramLabel = "NAME", description = "A user's budget.")
    String user;

    @Option(names = "--global", description = "The budget for all spending.")
    boolean global;

    Budget.Scope scope() {
        return project != null ? Budget.Scope.PROJECT : user != null ? Budget.Scope.USER : Budget.Scope.GLOBAL;
    }

    String subject() {
        return project != null ? TextFields.check("--project", project)
                : user != null ? TextFields.check("--user", user) : "";
    }
}
