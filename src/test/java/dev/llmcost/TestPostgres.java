package dev.llmcost;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL cluster for the tests: Debian's {@code postgresql} package, {@code initdb} in a temp dir,
 * a free port on 127.0.0.1, trust authentication for the local superuser, stopped when the test JVM exits.
 * One cluster per JVM; each test gets its own database. Without the package the tests that need it are
 * skipped, unless {@code LLMCOST_REQUIRE_POSTGRES=1} (CI), which makes its absence a failure.
 */
public final class TestPostgres {
    private static TestPostgres instance;
    private static String unavailable;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private boolean migratedTemplate;

    private TestPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The running cluster; skips the test (or fails it under LLMCOST_REQUIRE_POSTGRES=1) when there is none. */
    public static synchronized TestPostgres get() {
        if (instance == null && unavailable == null) {
            try {
                instance = start();
            } catch (Exception e) {
                unavailable = e.getMessage();
            }
        }
        if (instance == null) {
            if ("1".equals(System.getenv("LLMCOST_REQUIRE_POSTGRES"))) {
                throw new AssertionError("LLMCOST_REQUIRE_POSTGRES=1 but no PostgreSQL cluster: " + unavailable);
            }
            Assumptions.abort("no PostgreSQL for the team-mode tests: " + unavailable);
        }
        return instance;
    }

    private static Path findBin() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            throw new IOException("no /usr/lib/postgresql (apt-get install postgresql)");
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IOException("no initdb under /usr/lib/postgresql/*/bin"));
        }
    }

    private static TestPostgres start() throws Exception {
        Path bin = findBin();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("llmcost-pg", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        if (root) {
            // initdb refuses to run as root: the cluster belongs to the postgres OS user
            run(List.of("chown", "postgres", dir.toString()), false);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        TestPostgres pg = new TestPostgres(bin, dir, port, root);
        pg.pg(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"));
        // fsync off: the tests kill clients, never the server, and a test cluster's durability is not the point
        pg.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                "-l", dir.resolve("log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "start"));
        Runtime.getRuntime().addShutdownHook(new Thread(pg::stop));
        return pg;
    }

    private void pg(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, true);
    }

    private static void run(List<String> command, boolean check) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " did not finish");
        }
        if (check && process.exitValue() != 0) {
            throw new IOException(command + " exited " + process.exitValue() + ": " + output.strip());
        }
    }

    public void stop() {
        try {
            pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop"));
            run(List.of("rm", "-rf", dir.toString()), false);
        } catch (Exception ignored) {
            // the JVM is exiting; a left-over temp cluster is stopped with it or cleaned by tmp cleaning
        }
    }

    public int port() {
        return port;
    }

    /** A fresh, empty database on the cluster (no schema); returns its llmcost URL. */
    public String newDatabase() {
        return create("template0");
    }

    /**
     * A fresh database with llmcost's schema already in place, copied from a template migrated once per test JVM
     * (what the first command would do anyway; copying is cheaper than migrating for every test).
     */
    public synchronized String newMigratedDatabase() {
        if (!migratedTemplate) {
            String template = create("template0");
            try (dev.llmcost.store.Store store = dev.llmcost.store.Store.openPostgres(
                    dev.llmcost.store.PostgresUrl.parse(template, name -> null, "test"), java.time.Clock.systemUTC(),
                    10_000)) {
                store.schemaVersion();
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
                statement.execute("ALTER DATABASE " + databaseOf(template) + " RENAME TO llmcost_template");
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            migratedTemplate = true;
        }
        return create("llmcost_template");
    }

    private String create(String template) {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return url(name);
    }

    public String url(String database) {
        return "postgresql://postgres@127.0.0.1:" + port + "/" + database;
    }

    /** A superuser connection to {@code database}. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        return new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1:" + port + "/" + database, properties);
    }

    /** The database name at the end of an llmcost URL. */
    public static String databaseOf(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
