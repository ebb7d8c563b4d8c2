package dev.llmcost.store;

import dev.llmcost.model.LlmcostException;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A team database: {@code postgresql://USER[:PASSWORD]@HOST[:PORT][/DB][?sslmode=…&…]} (libpq's URI form).
 * Query parameters pass through to the driver ({@code sslmode}, {@code sslrootcert}, …). {@link #toString()}
 * never shows a password, so the value can go into any message.
 */
public record PostgresUrl(String user, String password, String host, int port, String database,
                          Map<String, String> parameters) {
    private static final Pattern URL = Pattern.compile(
            "(?i)(?:postgresql|postgres)://(?:(?<user>[^:@/?]*)(?::(?<password>[^@/?]*))?@)?"
                    + "(?<host>\\[[^\\]]+\\]|[^:/?]*)(?::(?<port>[^/?]*))?(?:/(?<db>[^?]*))?(?:\\?(?<query>.*))?");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*", Pattern.DOTALL);

    /** True for any {@code scheme://…}: a URL, never a file name. */
    public static boolean looksLikeUrl(String text) {
        return SCHEME.matcher(text).matches();
    }

    public static boolean isPostgres(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("postgresql://") || lower.startsWith("postgres://");
    }

    /**
     * Parses {@code text}; the user defaults to {@code PGUSER} or the login name, the password comes from the
     * URL, else {@code PGPASSWORD}, else {@code PGPASSFILE} or {@code ~/.pgpass}.
     */
    public static PostgresUrl parse(String text, Function<String, String> env, String where) {
        Matcher m = URL.matcher(text);
        if (!m.matches()) {
            throw LlmcostException.usage(where + ": cannot read '" + redact(text)
                    + "' as postgresql://USER@HOST:PORT/DB");
        }
        String user = decode(m.group("user"));
        if (user == null || user.isEmpty()) {
            user = env.apply("PGUSER") != null ? env.apply("PGUSER") : System.getProperty("user.name");
        }
        String host = decode(m.group("host"));
        if (host == null || host.isEmpty()) {
            host = env.apply("PGHOST") != null ? env.apply("PGHOST") : "localhost";
        }
        int port = 5432;
        String portText = m.group("port");
        if (portText != null && !portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw LlmcostException.usage(where + ": port '" + portText + "' in " + redact(text)
                        + " is not a number from 1 to 65535");
            }
        }
        String database = decode(m.group("db"));
        if (database == null || database.isEmpty()) {
            database = user;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = m.group("query");
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (key.equals("user") || key.equals("password")) {
                    throw LlmcostException.usage(where + ": put the user before the host (postgresql://USER@HOST/DB) "
                            + "and the password in PGPASSWORD or ~/.pgpass, not in ?" + key + "=");
                }
                parameters.put(key, value);
            }
        }
        String password = decode(m.group("password"));
        if (password == null) {
            password = env.apply("PGPASSWORD");
        }
        if (password == null) {
            password = fromPgpass(env, host, port, database, user);
        }
        return new PostgresUrl(user, password, host, port, database, Map.copyOf(parameters));
    }

    /** The JDBC form, without user or password (they go in the connection properties). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    /** {@code text} with any password in it replaced, for messages about a URL that did not parse. */
    public static String redact(String text) {
        return text.replaceAll("(://[^:@/?]*):[^@/?]*@", "$1:***@");
    }

    private static String decode(String part) {
        return part == null ? null : URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** libpq's password file: host:port:database:user:password, {@code *} matches anything, {@code \:} escapes. */
    private static String fromPgpass(Function<String, String> env, String host, int port, String database,
                                     String user) {
        String file = env.apply("PGPASSFILE");
        Path path;
        if (file != null) {
            path = Path.of(file);
        } else {
            String home = env.apply("HOME") != null ? env.apply("HOME") : System.getProperty("user.home");
            path = Path.of(home, ".pgpass");
        }
        if (!Files.isReadable(path)) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        String[] wanted = {host, Integer.toString(port), database, user};
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = splitPgpass(line);
            if (fields.size() < 5) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < 4 && match; i++) {
                match = fields.get(i).equals("*") || fields.get(i).equals(wanted[i]);
            }
            if (match) {
                return fields.get(4);
            }
        }
        return null;
    }

    private static List<String> splitPgpass(String line) {
        List<String> fields = new java.util.ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
