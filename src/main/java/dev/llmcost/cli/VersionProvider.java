package dev.llmcost.cli;

import dev.llmcost.env.DbLocation;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code llmcost --version}: version, the Java running it, and the database in use. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/llmcost/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException ignored) {
            // fall through to "unknown"
        }
        return properties.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        String database = "";
        if (spec != null && spec.root().userObject() instanceof LlmcostCommand root) {
            try {
                var server = DbLocation.postgres(root.db, root.environment);
                database = server != null ? server.toString() : DbLocation.resolve(root.db, root.environment).toString();
            } catch (dev.llmcost.model.LlmcostException e) {
                database = e.getMessage();
            }
        }
        return new String[] {
                "llmcost " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                "database " + database,
        };
    }
}
