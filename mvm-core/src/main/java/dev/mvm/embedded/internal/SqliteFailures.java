package dev.mvm.embedded.internal;

import dev.mvm.api.error.BackendUnavailableException;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.StorageException;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * Translates SQLite failures into MVM exceptions: constraint violations are conflicts, a database still busy
 * or locked after the busy timeout is a retryable unavailability, anything else is a storage failure. The
 * {@link SQLException} is kept only as the cause.
 */
public final class SqliteFailures {
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CONSTRAINT = 19;

    private SqliteFailures() {
    }

    /**
     * @param operation what was being done, naming the model or version, e.g. {@code create version fraud@1.0.0}
     * @param store the store's description
     * @param e the failure
     * @return the exception to throw
     */
    public static MvmException translate(String operation, String store, SQLException e) {
        int code = primaryCode(e);
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (code == SQLITE_CONSTRAINT) {
            return new ConflictException("Cannot " + operation + " in " + store
                    + ": it conflicts with what is stored (" + detail + ")", e);
        }
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
            return new BackendUnavailableException("Cannot " + operation + " in " + store
                    + ": the database stayed locked by another connection or process beyond the busy timeout;"
                    + " retry later", e);
        }
        return new StorageException("Cannot " + operation + " in " + store + ": " + detail, e);
    }

    private static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException se && se.getResultCode() != null) {
            return se.getResultCode().code & 0xff;
        }
        return e.getErrorCode() & 0xff;
    }
}
