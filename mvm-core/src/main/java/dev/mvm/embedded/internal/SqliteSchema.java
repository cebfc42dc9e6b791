package dev.mvm.embedded.internal;

import dev.mvm.api.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned schema of the embedded registry and its migrations.
 *
 * <p>Scripts {@code dev/mvm/embedded/schema/V<n>__<name>.sql} are applied in order; table
 * {@code schema_version} records each applied one. All pending scripts run in one {@code BEGIN IMMEDIATE}
 * transaction that first re-reads the recorded version, so when several processes open a fresh file at once,
 * exactly one migrates and the others find the work done. A database whose schema is newer than this code
 * knows is refused and left untouched.
 */
public final class SqliteSchema {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSchema.class);

    /** The registry schema: the scripts this code knows, in order. */
    public static final SqliteSchema REGISTRY = new SqliteSchema("/dev/mvm/embedded/schema/",
            List.of("V1__init.sql", "V2__search.sql", "V3__search_rows.sql"));

    private final String resourceDir;
    private final List<String> scripts;

    /**
     * @param resourceDir the classpath directory of the scripts, with leading and trailing {@code /}
     * @param scripts the script names in order; index {@code i} holds version {@code i + 1}
     */
    public SqliteSchema(String resourceDir, List<String> scripts) {
        this.resourceDir = resourceDir;
        this.scripts = List.copyOf(scripts);
    }

    /** @return the newest schema version this code knows */
    public int latestVersion() {
        return scripts.size();
    }

    /**
     * Brings the database to {@link #latestVersion()}.
     *
     * @param db the connections
     * @param store the store's description, for messages
     * @return the schema version before migrating (0 for a fresh file)
     * @throws StorageException if the database's schema is newer than this code, or a script fails
     */
    public int migrate(SqliteConnections db, String store) {
        int seen = db.read("read the schema version", SqliteSchema::currentVersion);
        checkNotNewer(seen, store);
        if (seen == latestVersion()) {
            return seen;
        }
        return db.write("migrate the schema", session -> {
            session.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at TEXT NOT NULL)");
            int current = currentVersion(session);
            checkNotNewer(current, store);
            for (int v = current + 1; v <= latestVersion(); v++) {
                String script = scripts.get(v - 1);
                for (String statement : statements(load(script))) {
                    session.execute(statement);
                }
                PreparedStatement ps = session.prepare(
                        "INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)");
                ps.setInt(1, v);
                ps.setString(2, script);
                ps.setString(3, Instant.now().toString());
                ps.executeUpdate();
                LOG.info("Applied schema migration {} to {}", script, store);
            }
            return current;
        });
    }

    private void checkNotNewer(int version, String store) {
        if (version > latestVersion()) {
            throw new StorageException("The registry database " + store + " has schema version " + version
                    + ", newer than this MVM version supports (up to " + latestVersion()
                    + "). Upgrade MVM to open it; it was not modified.", null);
        }
    }

    /**
     * @param session a connection inside a transaction
     * @return the highest applied schema version, 0 if none
     * @throws SQLException if the query fails
     */
    static int currentVersion(SqliteSession session) throws SQLException {
        try (ResultSet rs = session.prepare(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
                .executeQuery()) {
            if (!rs.next() || rs.getInt(1) == 0) {
                return 0;
            }
        }
        try (ResultSet rs = session.prepare("SELECT coalesce(max(version), 0) FROM schema_version")
                .executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private String load(String script) {
        try (InputStream in = SqliteSchema.class.getResourceAsStream(resourceDir + script)) {
            if (in == null) {
                throw new StorageException("Schema script " + script + " is missing from the classpath", null);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageException("Cannot read schema script " + script + ": " + e.getMessage(), e);
        }
    }

    /**
     * Splits a script into statements: {@code --} comment lines are dropped, and a statement ends with a
     * semicolon at the end of a line.
     *
     * @param script the script text
     * @return its statements, without the semicolons
     */
    static List<String> statements(String script) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                result.add(current.toString());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString());
        }
        return result;
    }
}
