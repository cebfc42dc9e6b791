package dev.mvm.embedded.internal;

import dev.mvm.api.error.BackendUnavailableException;
import dev.mvm.api.error.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;

/**
 * A small pool of connections to one SQLite file, and the transactions run on them.
 *
 * <p>A connection serves one thread at a time. Reads run in a deferred transaction (a consistent snapshot
 * that never blocks writers in WAL mode). Writes are serialised inside this JVM by a lock, so threads queue
 * fairly instead of polling SQLite's busy handler, and run in {@code BEGIN IMMEDIATE}: the write lock is
 * taken up front, so two processes never both hold a read snapshot and then deadlock upgrading it to a write
 * ({@code SQLITE_BUSY_SNAPSHOT}). Between processes, SQLite's busy timeout makes a writer wait for the other.
 *
 * <p>Every connection runs with:
 * <ul>
 *   <li>{@code journal_mode=WAL}: readers and one writer proceed concurrently, also across processes on one
 *       machine (WAL needs shared memory, so not on network file systems);
 *   <li>{@code synchronous=FULL}: the WAL is fsync'ed at every commit. {@code NORMAL} would already survive
 *       {@code kill -9} of the process (committed pages sit in the OS page cache), but can lose the last
 *       commits on power loss or an OS crash. A registration is rare and must be durable once it returned,
 *       and one fsync per commit keeps it well inside the 10 ms budget of a version create, so FULL;
 *   <li>{@code foreign_keys=ON} (cascades and references are enforced);
 *   <li>the busy timeout (default 10 s), waited in short jittered steps ({@link ShortStepBusyHandler}), beyond
 *       which a locked database is reported as a retryable {@link BackendUnavailableException}.
 * </ul>
 */
public final class SqliteConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteConnections.class);

    private final String url;
    private final String store;
    private final Duration busyTimeout;
    private final int maxConnections;
    private final Semaphore permits;
    private final Deque<SqliteSession> idle = new ConcurrentLinkedDeque<>();
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private volatile boolean closed;

    private SqliteConnections(Path file, String store, Duration busyTimeout, int maxConnections) {
        this.url = "jdbc:sqlite:" + file;
        this.store = store;
        this.busyTimeout = busyTimeout;
        this.maxConnections = maxConnections;
        this.permits = new Semaphore(maxConnections, true);
    }

    /**
     * Prepares a pool; connections open on first use.
     *
     * @param file the database file
     * @param store the store's description, for messages
     * @param busyTimeout how long to wait for another connection's lock
     * @param maxConnections the most connections open at once
     * @return the pool
     */
    public static SqliteConnections create(Path file, String store, Duration busyTimeout, int maxConnections) {
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Invalid busy timeout " + busyTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("Invalid connection count " + maxConnections + ": at least 1");
        }
        return new SqliteConnections(file, store, busyTimeout, maxConnections);
    }

    /**
     * Runs work in a read transaction.
     *
     * @param operation what is done, naming the model or version, for error messages
     * @param work the work
     * @param <T> its result
     * @return the result
     */
    public <T> T read(String operation, SqlWork<T> work) {
        return run(operation, "BEGIN", work);
    }

    /**
     * Runs work in a write transaction ({@code BEGIN IMMEDIATE}), committed when the work returns and rolled
     * back when it throws.
     *
     * @param operation what is done, naming the model or version, for error messages
     * @param work the work
     * @param <T> its result
     * @return the result
     */
    public <T> T write(String operation, SqlWork<T> work) {
        try {
            if (!writeLock.tryLock(busyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BackendUnavailableException("Cannot " + operation + " in " + store
                        + ": other writers in this process held the database for more than " + busyTimeout
                        + "; retry later", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while waiting to " + operation + " in " + store, e);
        }
        try {
            return run(operation, "BEGIN IMMEDIATE", work);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T run(String operation, String begin, SqlWork<T> work) {
        SqliteSession session = acquire(operation);
        boolean reusable = true;
        try {
            session.execute(begin);
            boolean committed = false;
            try {
                T result = work.run(session);
                session.execute("COMMIT");
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    reusable = rollback(session, operation);
                }
            }
        } catch (SQLException e) {
            throw SqliteFailures.translate(operation, store, e);
        } finally {
            release(session, reusable);
        }
    }

    private boolean rollback(SqliteSession session, String operation) {
        try {
            session.execute("ROLLBACK");
            return true;
        } catch (SQLException e) {
            // SQLite may already have rolled back by itself (e.g. on I/O errors); start over with a fresh connection.
            LOG.warn("Rollback after failing to {} in {} failed; discarding the connection: {}", operation, store,
                    e.getMessage());
            return false;
        }
    }

    private SqliteSession acquire(String operation) {
        if (closed) {
            throw closedException(operation);
        }
        try {
            if (!permits.tryAcquire(busyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BackendUnavailableException("Cannot " + operation + " in " + store + ": all "
                        + maxConnections + " connections stayed in use for " + busyTimeout + "; retry later", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while waiting for a connection to " + operation + " in "
                    + store, e);
        }
        SqliteSession session = idle.pollFirst();
        if (session != null) {
            return session;
        }
        try {
            return openSession();
        } catch (SQLException e) {
            permits.release();
            throw SqliteFailures.translate("open " + store + " to " + operation, store, e);
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private SqliteSession openSession() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) busyTimeout.toMillis());
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        Connection connection = DriverManager.getConnection(url, config.toProperties());
        SqliteSession session = new SqliteSession(connection);
        try (Statement st = connection.createStatement()) {
            // Installed before switching the journal mode, which needs a lock on a fresh file.
            BusyHandler.setHandler(connection, new ShortStepBusyHandler(busyTimeout));
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                String mode = rs.next() ? rs.getString(1) : "unknown";
                if (!"wal".equalsIgnoreCase(mode)) {
                    LOG.warn("{} runs in journal mode {} instead of WAL; concurrent readers may wait for writers",
                            store, mode);
                }
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
        return session;
    }

    private void release(SqliteSession session, boolean reusable) {
        if (reusable && !closed) {
            idle.addFirst(session);
            if (closed) {
                drainIdle();
            }
        } else {
            closeQuietly(session);
        }
        permits.release();
    }

    private void drainIdle() {
        SqliteSession s;
        while ((s = idle.pollFirst()) != null) {
            closeQuietly(s);
        }
    }

    private void closeQuietly(SqliteSession session) {
        try {
            session.close();
        } catch (SQLException e) {
            LOG.warn("Closing a connection to {} failed: {}", store, e.getMessage());
        }
    }

    private StorageException closedException(String operation) {
        return new StorageException("Cannot " + operation + ": " + store + " is closed", null);
    }

    /** Closes idle connections now and busy ones when their work ends; later calls fail. */
    @Override
    public void close() {
        closed = true;
        drainIdle();
    }
}
