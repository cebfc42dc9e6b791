package dev.mvm.embedded.internal;

import java.sql.SQLException;

/**
 * A unit of work run inside one transaction on one connection.
 *
 * @param <T> what it returns
 */
@FunctionalInterface
public interface SqlWork<T> {
    /**
     * @param session the connection, inside a transaction
     * @return the result
     * @throws SQLException if a statement fails; the transaction is rolled back
     */
    T run(SqliteSession session) throws SQLException;
}
