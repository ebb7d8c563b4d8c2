package dev.llmcost.store;

import dev.llmcost.LlmcostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreTest {
    @TempDir
    Path dir;

    private static String pragma(Path db, String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void createsTheLatestSchemaInWalModeAndReopensWithoutChange() throws Exception {
        Path db = dir.resolve("new/llmcost.db");
        try (Store store = Store.open(db, Clock.systemUTC())) {
            assertEquals(Migrations.latestVersion(), store.schemaVersion());
        }
        assertEquals("wal", pragma(db, "journal_mode"));
        try (Store store = Store.open(db, Clock.systemUTC())) {
            assertEquals(Migrations.latestVersion(), store.schemaVersion());
        }
    }

    @Test
    void everyEarlierVersionUpgradesToTheLatest() throws Exception {
        for (int version = 0; version < Migrations.latestVersion(); version++) {
            Path db = dir.resolve("v" + version + ".db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                for (int step = 0; step < version; step++) {
                    Migrations.ALL.get(step).apply(c);
                }
                c.createStatement().execute("PRAGMA user_version = " + version);
            }
            try (Store store = Store.open(db, Clock.systemUTC())) {
                assertEquals(Migrations.latestVersion(), store.schemaVersion(), "from version " + version);
            }
        }
    }

    @Test
    void refusesADatabaseFromANewerLlmcost() throws Exception {
        Path db = dir.resolve("future.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("PRAGMA user_version = 999");
        }
        LlmcostException e = assertThrows(LlmcostException.class, () -> Store.open(db, Clock.systemUTC()));
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().contains("newer llmcost"), e.getMessage());
        assertEquals("999", pragma(db, "user_version"));
    }

    @Test
    void aDirectoryIsNotADatabase() {
        LlmcostException e = assertThrows(LlmcostException.class, () -> Store.open(dir, Clock.systemUTC()));
        assertEquals(1, e.exitCode());
    }
}
