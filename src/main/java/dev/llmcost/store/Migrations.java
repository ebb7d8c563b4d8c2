package dev.llmcost.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema as an ordered list of named steps. {@code PRAGMA user_version} says how many have run;
 * each step runs in the transaction that bumps it, so a database is always at exactly one version.
 */
final class Migrations {
    /** One schema step; it must tolerate finding its own work already done. */
    interface Step {
        void apply(Connection connection) throws SQLException;
    }

    record Migration(String name, Step step) {
        void apply(Connection connection) throws SQLException {
            step.apply(connection);
        }
    }

    /** Statements written in SQLite's DDL; {@link Dialect#ddl} gives PostgreSQL's form of each. */
    private static Step sql(String... statements) {
        return connection -> {
            Dialect dialect = Dialect.of(connection);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    String translated = dialect.ddl(sql);
                    if (translated != null) {
                        statement.execute(translated);
                    }
                }
            }
        };
    }

    private static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
        try (java.sql.ResultSet rs = connection.getMetaData().getColumns(null, null, table, column)) {
            return rs.next();
        }
    }

    private static Step pinsAndBudgets() {
        return connection -> {
            if (!hasColumn(connection, "projects", "pin_order")) {
                sql("ALTER TABLE projects ADD COLUMN pin_order INTEGER").apply(connection);
            }
            sql("""
                    CREATE TABLE IF NOT EXISTS budgets (
                      id INTEGER PRIMARY KEY,
                      scope TEXT NOT NULL CHECK (scope IN ('global', 'project', 'user')),
                      subject TEXT NOT NULL DEFAULT '',
                      period TEXT NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly')),
                      limit_nanos INTEGER NOT NULL CHECK (limit_nanos > 0),
                      alert_percent INTEGER NOT NULL DEFAULT 80 CHECK (alert_percent BETWEEN 1 AND 100),
                      created_at TEXT NOT NULL,
                      UNIQUE (scope, subject, period)
                    )""").apply(connection);
        };
    }

    static final List<Migration> ALL = List.of(
            new Migration("m001_events_and_hourly_rollup", sql(
                    """
                    CREATE TABLE IF NOT EXISTS projects (
                      id INTEGER PRIMARY KEY,
                      name TEXT NOT NULL UNIQUE,
                      created_at TEXT NOT NULL
                    )""",
                    """
                    CREATE TABLE IF NOT EXISTS events (
                      id INTEGER PRIMARY KEY,
                      occurred_at TEXT NOT NULL,
                      project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                      provider TEXT NOT NULL,
                      model TEXT NOT NULL,
                      input_tokens INTEGER NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
                      output_tokens INTEGER NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
                      cache_write_tokens INTEGER NOT NULL DEFAULT 0 CHECK (cache_write_tokens >= 0),
                      cache_read_tokens INTEGER NOT NULL DEFAULT 0 CHECK (cache_read_tokens >= 0),
                      reasoning_tokens INTEGER NOT NULL DEFAULT 0 CHECK (reasoning_tokens >= 0),
                      cost_nanos INTEGER,
                      cost_source TEXT NOT NULL
                        CHECK (cost_source IN ('given', 'priced', 'local', 'unpriced')),
                      user TEXT,
                      session TEXT,
                      agent TEXT,
                      task TEXT,
                      run TEXT,
                      request_type TEXT,
                      duration_ms INTEGER,
                      event_key TEXT UNIQUE,
                      recorded_at TEXT NOT NULL
                    )""",
                    "CREATE INDEX IF NOT EXISTS events_occurred_at ON events(occurred_at)",
                    "CREATE INDEX IF NOT EXISTS events_project_time ON events(project_id, occurred_at)",
                    """
                    CREATE TABLE IF NOT EXISTS event_tags (
                      event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                      key TEXT NOT NULL,
                      value TEXT NOT NULL,
                      PRIMARY KEY (event_id, key)
                    ) WITHOUT ROWID""",
                    // Hour-grain sums kept by the trigger below; prune deletes events, never these,
                    // so long-range reports stay whole.
                    """
                    CREATE TABLE IF NOT EXISTS usage_hourly (
                      hour TEXT NOT NULL,
                      project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                      provider TEXT NOT NULL,
                      model TEXT NOT NULL,
                      user TEXT NOT NULL DEFAULT '',
                      requests INTEGER NOT NULL,
                      input_tokens INTEGER NOT NULL,
                      output_tokens INTEGER NOT NULL,
                      cache_write_tokens INTEGER NOT NULL,
                      cache_read_tokens INTEGER NOT NULL,
                      reasoning_tokens INTEGER NOT NULL,
                      cost_nanos INTEGER NOT NULL,
                      unpriced_requests INTEGER NOT NULL,
                      PRIMARY KEY (hour, project_id, provider, model, user)
                    ) WITHOUT ROWID""",
                    "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                    "CREATE INDEX IF NOT EXISTS usage_hourly_project ON usage_hourly(project_id, hour)",
                    "CREATE INDEX IF NOT EXISTS usage_hourly_user ON usage_hourly(user, hour)",
                    """
                    CREATE TRIGGER IF NOT EXISTS events_roll_up AFTER INSERT ON events BEGIN
                      INSERT INTO usage_hourly (hour, project_id, provider, model, user, requests,
                        input_tokens, output_tokens, cache_write_tokens, cache_read_tokens,
                        reasoning_tokens, cost_nanos, unpriced_requests)
                      VALUES (substr(NEW.occurred_at, 1, 13), NEW.project_id, NEW.provider, NEW.model,
                        coalesce(NEW.user, ''), 1, NEW.input_tokens, NEW.output_tokens,
                        NEW.cache_write_tokens, NEW.cache_read_tokens, NEW.reasoning_tokens,
                        coalesce(NEW.cost_nanos, 0), NEW.cost_nanos IS NULL)
                      ON CONFLICT (hour, project_id, provider, model, user) DO UPDATE SET
                        requests = requests + 1,
                        input_tokens = input_tokens + excluded.input_tokens,
                        output_tokens = output_tokens + excluded.output_tokens,
                        cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
                        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
                        reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
                        cost_nanos = cost_nanos + excluded.cost_nanos,
                        unpriced_requests = unpriced_requests + excluded.unpriced_requests;
                    END""")),
            new Migration("m002_pinned_projects_and_budgets", pinsAndBudgets()),
            new Migration("m003_imports", sql("""
                    CREATE TABLE IF NOT EXISTS imports (
                      id INTEGER PRIMARY KEY,
                      source TEXT NOT NULL,
                      sha256 TEXT NOT NULL,
                      shape TEXT NOT NULL,
                      backup TEXT,
                      imported_at TEXT NOT NULL,
                      records INTEGER NOT NULL,
                      added INTEGER NOT NULL
                    )""")),
            new Migration("m004_ingested_files", sql("""
                    CREATE TABLE IF NOT EXISTS ingested_files (
                      path TEXT PRIMARY KEY,
                      source TEXT NOT NULL,
                      size INTEGER NOT NULL,
                      offset INTEGER NOT NULL,
                      updated_at TEXT NOT NULL
                    )""")),
            // EventWriter keeps the rollup now, summing a batch in memory first: the per-row trigger
            // upsert was two thirds of a bulk import's time.
            new Migration("m005_rollup_kept_by_event_writer", sql("DROP TRIGGER IF EXISTS events_roll_up")),
            // UTC-day sums beside the hourly ones: a month's report reads 30 rows a group instead of 720,
            // so reports stay flat as history grows. Filled from the hourly rollup, which prune keeps.
            new Migration("m006_daily_rollup", sql("""
                    CREATE TABLE IF NOT EXISTS usage_daily (
                      day TEXT NOT NULL,
                      project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                      provider TEXT NOT NULL,
                      model TEXT NOT NULL,
                      user TEXT NOT NULL DEFAULT '',
                      requests INTEGER NOT NULL,
                      input_tokens INTEGER NOT NULL,
                      output_tokens INTEGER NOT NULL,
                      cache_write_tokens INTEGER NOT NULL,
                      cache_read_tokens INTEGER NOT NULL,
                      reasoning_tokens INTEGER NOT NULL,
                      cost_nanos INTEGER NOT NULL,
                      unpriced_requests INTEGER NOT NULL,
                      PRIMARY KEY (day, project_id, provider, model, user)
                    ) WITHOUT ROWID""",
                    "DELETE FROM usage_daily",
                    """
                    INSERT INTO usage_daily
                    SELECT substr(hour, 1, 10), project_id, provider, model, user, sum(requests), sum(input_tokens),
                      sum(output_tokens), sum(cache_write_tokens), sum(cache_read_tokens), sum(reasoning_tokens),
                      sum(cost_nanos), sum(unpriced_requests)
                    FROM usage_hourly GROUP BY 1, 2, 3, 4, 5""",
                    "CREATE INDEX IF NOT EXISTS usage_daily_project ON usage_daily(project_id, day)",
                    "CREATE INDEX IF NOT EXISTS usage_daily_user ON usage_daily(user, day)")),
            // Price provenance: how each cost was set (the price table's version, a user override,
            // where a given cost came from), and the 1-hour cache writes, part of cache_write_tokens,
            // which cost more than 5-minute ones; `reprice` needs both.
            new Migration("m007_cost_basis_and_1h_cache_writes", connection -> {
                if (!hasColumn(connection, "events", "cost_basis")) {
                    sql("ALTER TABLE events ADD COLUMN cost_basis TEXT").apply(connection);
                }
                if (!hasColumn(connection, "events", "cache_write_1h_tokens")) {
                    sql("""
                            ALTER TABLE events ADD COLUMN cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0
                              CHECK (cache_write_1h_tokens >= 0)""").apply(connection);
                }
            }),
            // Agents whose log files are rewritten in place (one JSON document each) are read again when
            // their size or modification time changes; the byte offset alone cannot tell.
            new Migration("m008_ingested_files_mtime", connection -> {
                if (!hasColumn(connection, "ingested_files", "mtime_ms")) {
                    sql("ALTER TABLE ingested_files ADD COLUMN mtime_ms INTEGER").apply(connection);
                }
            }),
            // The status line sums the current session's calls on every refresh: without an index that
            // read every event ever recorded.
            new Migration("m009_events_session", sql(
                    "CREATE INDEX IF NOT EXISTS events_session ON events(session) WHERE session IS NOT NULL")),
            // Event ids never go backwards (EventIds: sync's watermark is a local id), starting from the
            // largest in use; and what each sync target holds, so prune keeps what was not sent yet.
            new Migration("m010_event_ids_never_reused", connection -> {
                if (Dialect.of(connection) == Dialect.SQLITE) {
                    EventIds.keep(connection, EventIds.highest(connection));
                }
                sql("""
                        CREATE TABLE IF NOT EXISTS sync_targets (
                          target TEXT PRIMARY KEY,
                          sent_through INTEGER NOT NULL,
                          synced_at TEXT NOT NULL
                        )""").apply(connection);
            }),
            // serve's tokens per person: who a call came from, and whether the holder may record or only read.
            // Only a hash of each token is kept; its id (the token's first characters) names it in lists.
            new Migration("m011_api_tokens", sql("""
                    CREATE TABLE IF NOT EXISTS api_tokens (
                      id TEXT PRIMARY KEY,
                      token_hash TEXT NOT NULL UNIQUE,
                      user_name TEXT NOT NULL,
                      role TEXT NOT NULL CHECK (role IN ('record', 'read')),
                      created_at TEXT NOT NULL,
                      revoked_at TEXT
                    )"""))
    );

    static int latestVersion() {
        return ALL.size();
    }

    private Migrations() {
    }
}
