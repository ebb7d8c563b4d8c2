package dev.llmcost.env;

import dev.llmcost.model.LlmcostException;
import dev.llmcost.pricing.Pricer;
import dev.llmcost.store.PostgresUrl;
import dev.llmcost.store.Store;

import java.nio.file.Path;

/** Where the database and the user's config live: --db, then $LLMCOST_DB, then the XDG dirs. */
public final class DbLocation {
    private DbLocation() {
    }

    /**
     * The database file. A {@code postgresql://} URL in --db or $LLMCOST_DB is a team server, not a file: callers
     * ask {@link #postgres} first; this then gives the default file, which keeps what stays local (import backups).
     */
    public static Path resolve(String flag, Environment environment) {
        String named = named(flag, environment);
        if (named != null && !PostgresUrl.looksLikeUrl(named)) {
            return Path.of(named);
        }
        return defaultFile(environment);
    }

    /**
     * The team server named by --db or $LLMCOST_DB, or null when the database is a file. Any other
     * {@code scheme://} is refused rather than taken as a file name.
     */
    public static PostgresUrl postgres(String flag, Environment environment) {
        String named = named(flag, environment);
        if (named == null || !PostgresUrl.looksLikeUrl(named)) {
            return null;
        }
        String where = flag != null ? "--db" : "LLMCOST_DB";
        if (!PostgresUrl.isPostgres(named)) {
            throw LlmcostException.usage(where + ": '" + PostgresUrl.redact(named) + "' is not a database llmcost can use: "
                    + "give a file path or postgresql://USER@HOST:PORT/DB");
        }
        return PostgresUrl.parse(named, environment::variable, where);
    }

    /** --db, else $LLMCOST_DB, as given; null when neither is set. */
    /** The database as the user named it (--db, else LLMCOST_DB), or null for the default file. */
    public static String named(String flag, Environment environment) {
        if (flag != null) {
            if (flag.isEmpty()) {
                throw LlmcostException.usage("--db: expected a file path or postgresql://USER@HOST:PORT/DB, got ''");
            }
            return flag;
        }
        return environment.variable("LLMCOST_DB");
    }

    private static Path defaultFile(Environment environment) {
        return xdg(environment, "XDG_DATA_HOME", ".local/share").resolve("llmcost.db");
    }

    public static Path configDir(Environment environment) {
        return xdg(environment, "XDG_CONFIG_HOME", ".config");
    }

    /** Where {@code prices update} keeps the downloaded price table: the data dir. */
    public static Path updatedPrices(Environment environment) {
        return xdg(environment, "XDG_DATA_HOME", ".local/share").resolve("genai-prices.tsv");
    }

    /** Where {@code proxy} keeps the calls it could not record yet, one JSON line each (a local file, whatever --db is). */
    public static Path proxySpool(Environment environment) {
        return xdg(environment, "XDG_DATA_HOME", ".local/share").resolve("proxy-spool.jsonl");
    }

    /** The pricer every command uses: the user's prices.json, then the newest price table. */
    public static Pricer pricer(Environment environment) {
        return new Pricer(configDir(environment).resolve("prices.json"), updatedPrices(environment));
    }

    public static Path cacheDir(Environment environment) {
        return xdg(environment, "XDG_CACHE_HOME", ".cache");
    }

    /** llmcost's directory in an XDG base directory: {@code $variable}, else {@code ~/fallback}. */
    private static Path xdg(Environment environment, String variable, String fallback) {
        String named = environment.variable(variable);
        return (named != null ? Path.of(named) : home(environment).resolve(fallback)).resolve("llmcost");
    }

    /** How long a writer waits for another process's lock: $LLMCOST_LOCK_WAIT_MS, else 60 s. */
    public static long lockWaitMs(Environment environment) {
        String value = environment.variable("LLMCOST_LOCK_WAIT_MS");
        if (value == null) {
            return Store.DEFAULT_LOCK_WAIT_MS;
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis >= 0) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LlmcostException.usage("LLMCOST_LOCK_WAIT_MS: expected milliseconds (a whole number >= 0), got '"
                + value + "'");
    }

    private static Path home(Environment environment) {
        String home = environment.variable("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"));
    }
}
