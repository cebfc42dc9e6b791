package dev.mvm.audit;

import dev.mvm.api.error.BackendUnavailableException;
import dev.mvm.api.error.StorageException;
import dev.mvm.embedded.internal.SqliteFailures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The connections of one audit database: one writer, used under a fair lock in {@code BEGIN IMMEDIATE}
 * transactions (the write lock is taken up front, so processes queue on SQLite's busy timeout instead of
 * failing to upgrade a read lock), and idle readers reused for queries and verification, which in WAL mode
 * read a snapshot without blocking the writer.
 *
 * <p>Checkpoints (copying the WAL back into the database file, which fsyncs) would otherwise run inside
 * whichever commit crosses SQLite's auto-checkpoint threshold and make that append tens of milliseconds slow.
 * The writer therefore turns auto-checkpointing off, and a background daemon thread runs a passive checkpoint
 * (never blocking readers or writers) every {@value #CHECKPOINT_EVERY} commits and at most every second
 * otherwise. When the last connection to the file closes, SQLite checkpoints what is left.
 */
final class AuditDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditDatabase.class);
    static final int CHECKPOINT_EVERY = 200;
    private static final long WAL_SIZE_LIMIT = 64L * 1024 * 1024;

    /** Work inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Session session) throws SQLException;
    }

    /** One connection with its prepared statements; used by one thread at a time. */
    static final class Session {
        private final Connection connection;
        private final Map<String, PreparedStatement> cache = new HashMap<>();

        Session(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement ps = cache.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                cache.put(sql, ps);
            } else {
                ps.clearParameters();
            }
            return ps;
        }

        PreparedStatement prepareOnce(String sql) throws SQLException {
            return connection.prepareStatement(sql);
        }

        void execute(String sql) throws SQLException {
            try (Statement st = connection.createStatement()) {
                st.execute(sql);
            }
        }

        void close() {
            try {
                for (PreparedStatement ps : cache.values()) {
                    ps.close();
                }
                connection.close();
            } catch (SQLException e) {
                LOG.warn("Closing an audit database connection failed: {}", e.getMessage());
            }
        }
    }

    private final String url;
    private final String description;
    private final Duration busyTimeout;
    private final SQLiteConfig.SynchronousMode synchronous;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final Deque<Session> readers = new ConcurrentLinkedDeque<>();
    private Session writer;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicInteger commitsSinceCheckpoint =
            new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean checkpointPending =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.ScheduledExecutorService checkpointer;
    private @org.jspecify.annotations.Nullable Session checkpointSession;

    AuditDatabase(Path file, String description, Duration busyTimeout, boolean syncEveryCommit) {
        this.url = "jdbc:sqlite:" + file;
        this.description = description;
        this.busyTimeout = busyTimeout;
        this.synchronous = syncEveryCommit ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL;
        this.checkpointer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mvm-audit-checkpoint " + description);
            t.setDaemon(true);
            return t;
        });
        checkpointer.scheduleWithFixedDelay(this::checkpointIfNeeded, 1, 1, TimeUnit.SECONDS);
    }

    private void requestCheckpoint() {
        if (commitsSinceCheckpoint.incrementAndGet() >= CHECKPOINT_EVERY && checkpointPending.compareAndSet(false, true)) {
            try {
                checkpointer.execute(this::checkpointIfNeeded);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                checkpointPending.set(false);
            }
        }
    }

    private void checkpointIfNeeded() {
        checkpointPending.set(false);
        if (closed || commitsSinceCheckpoint.getAndSet(0) == 0) {
            return;
        }
        try {
            if (checkpointSession == null) {
                checkpointSession = open("checkpoint");
            }
            checkpointSession.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Passive checkpoint of {} did not run: {}", description, e.getMessage());
            if (checkpointSession != null) {
                checkpointSession.close();
                checkpointSession = null;
            }
        }
    }

    <T> T write(String operation, Work<T> work) {
        try {
            if (!writeLock.tryLock(busyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BackendUnavailableException("Cannot " + operation + " in " + description
                        + ": other writers in this process held it for more than " + busyTimeout, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while waiting to " + operation + " in " + description, e);
        }
        try {
            if (writer == null) {
                writer = open(operation);
                try {
                    writer.execute("PRAGMA wal_autocheckpoint = 0");
                    writer.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT);
                } catch (SQLException e) {
                    writer.close();
                    writer = null;
                    throw SqliteFailures.translate(operation, description, e);
                }
            }
            Session s = writer;
            try {
                T result = inTransaction(s, "BEGIN IMMEDIATE", work);
                requestCheckpoint();
                return result;
            } catch (SQLException e) {
                throw SqliteFailures.translate(operation, description, e);
            } catch (BrokenConnection e) {
                writer = null;
                s.close();
                throw SqliteFailures.translate(operation, description, e.getCause());
            }
        } finally {
            writeLock.unlock();
        }
    }

    <T> T read(String operation, Work<T> work) {
        Session s = readers.pollFirst();
        if (s == null) {
            s = open(operation);
        }
        boolean reusable = true;
        try {
            return inTransaction(s, "BEGIN", work);
        } catch (SQLException e) {
            throw SqliteFailures.translate(operation, description, e);
        } catch (BrokenConnection e) {
            reusable = false;
            throw SqliteFailures.translate(operation, description, e.getCause());
        } finally {
            if (reusable && !closed) {
                readers.addFirst(s);
            } else {
                s.close();
            }
        }
    }

    private static <T> T inTransaction(Session s, String begin, Work<T> work) throws SQLException {
        s.execute(begin);
        boolean committed = false;
        try {
            T result = work.run(s);
            s.execute("COMMIT");
            committed = true;
            return result;
        } finally {
            if (!committed) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException e) {
                    // SQLite may have rolled back by itself; the connection's state is unknown, so drop it.
                    throw new BrokenConnection(e);
                }
            }
        }
    }

    private Session open(String operation) {
        if (closed) {
            throw new StorageException("Cannot " + operation + ": " + description + " is closed", null);
        }
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout((int) busyTimeout.toMillis());
            config.setSynchronous(synchronous);
            Connection c = DriverManager.getConnection(url, config.toProperties());
            Session s = new Session(c);
            try {
                s.execute("PRAGMA busy_timeout = " + busyTimeout.toMillis());
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = " + synchronous.name());
            } catch (SQLException e) {
                s.close();
                throw e;
            }
            return s;
        } catch (SQLException e) {
            throw SqliteFailures.translate("open " + description + " to " + operation, description, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        checkpointer.shutdown();
        try {
            if (!checkpointer.awaitTermination(busyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The checkpoint of {} is still running at close", description);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (checkpointSession != null) {
            checkpointSession.close();
            checkpointSession = null;
        }
        Session s;
        while ((s = readers.pollFirst()) != null) {
            s.close();
        }
        writeLock.lock();
        try {
            if (writer != null) {
                writer.close();
                writer = null;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** A rollback failed: the connection must not be reused. */
    private static final class BrokenConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BrokenConnection(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
