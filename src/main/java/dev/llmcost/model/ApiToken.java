package dev.llmcost.model;

import java.time.Instant;
import java.util.Locale;

/**
 * A person's token for {@code serve}: whose calls it records, and what it may do. The token itself is shown once
 * when made and never stored; {@code id} is its first characters, to name it.
 */
public record ApiToken(String id, String user, Role role, Instant createdAt, Instant revokedAt) {
    /** record: may send calls (agents, laptops), not read; read: may read (dashboards), not send. */
    public enum Role {
        RECORD, READ;

        public String dbName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Role fromDb(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** The characters of a token that name it: "llmc_" and seven more. */
    public static final int ID_LENGTH = 12;
}
