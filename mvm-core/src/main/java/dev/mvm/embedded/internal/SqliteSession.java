package dev.mvm.embedded.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * One SQLite connection with its cache of prepared statements. Used by one thread at a time: the pool hands
 * it out and takes it back.
 */
public final class SqliteSession implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    SqliteSession(Connection connection) {
        this.connection = connection;
    }

    /**
     * Returns the cached statement for a fixed SQL text, with its parameters cleared.
     *
     * @param sql SQL with {@code ?} parameters; never built from user input
     * @return the prepared statement, owned by this session (do not close it)
     * @throws SQLException if the SQL does not compile
     */
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    /**
     * Prepares a statement whose SQL varies (e.g. with the number of filters); the caller closes it.
     *
     * @param sql SQL with {@code ?} parameters; never built from user input
     * @return a new prepared statement
     * @throws SQLException if the SQL does not compile
     */
    public PreparedStatement prepareOnce(String sql) throws SQLException {
        return connection.prepareStatement(sql);
    }

    /**
     * Runs SQL without parameters, such as {@code BEGIN IMMEDIATE} or a schema statement.
     *
     * @param sql the SQL
     * @throws SQLException if it fails
     */
    public void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * @return the id of the row the last INSERT on this connection created
     * @throws SQLException if the query fails
     */
    public long lastInsertRowId() throws SQLException {
        try (var rs = prepare("SELECT last_insert_rowid()").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        statements.clear();
        connection.close();
        if (first != null) {
            throw first;
        }
    }
}
