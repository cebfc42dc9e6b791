package dev.mvm.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvm.api.access.Principal;
import dev.mvm.api.audit.AuditChain;
import dev.mvm.api.audit.AuditEvent;
import dev.mvm.api.audit.AuditLog;
import dev.mvm.api.audit.AuditOutcome;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.audit.AuditVerification;
import dev.mvm.api.audit.AuditVerification.Problem;
import dev.mvm.api.audit.AuditVerification.Violation;
import dev.mvm.api.error.MvmException;
import dev.mvm.audit.AuditDatabase.Session;
import dev.mvm.api.error.StorageException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The embedded {@link AuditLog}: one SQLite file (by convention {@code <registry dir>/audit.db}) in WAL mode,
 * safe for many threads and several processes appending at once.
 *
 * <p>Each append is one {@code BEGIN IMMEDIATE} transaction that reads the head of the chain (the last
 * sequence number and hash), stores the next record linked to it and moves the head, so sequence numbers are
 * unique and gap-free and the chain stays intact whoever appends. Triggers refuse {@code UPDATE} and
 * {@code DELETE} on the records, which stops accidents; deliberate edits of the file (dropping the triggers
 * first) are what {@link #verify()} detects.
 *
 * <pre>{@code
 * try (SqliteAuditLog log = SqliteAuditLog.open(Path.of(".mvm/audit.db"))) {
 *     AuditVerification v = log.verify();
 *     if (!v.intact()) {
 *         System.err.println(v.violation());
 *     }
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class SqliteAuditLog implements AuditLog {
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);
    private static final int SCHEMA_VERSION = 1;
    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE audit_records (seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL, principal TEXT NOT NULL,"
                    + " action TEXT NOT NULL, target TEXT NOT NULL, model TEXT, version TEXT, outcome TEXT NOT NULL,"
                    + " reason TEXT NOT NULL, details TEXT NOT NULL, request_id TEXT NOT NULL,"
                    + " prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
            "CREATE INDEX audit_by_model ON audit_records (model, version)",
            "CREATE INDEX audit_by_principal ON audit_records (principal)",
            "CREATE INDEX audit_by_action ON audit_records (action)",
            "CREATE INDEX audit_by_outcome ON audit_records (outcome)",
            "CREATE INDEX audit_by_time ON audit_records (ts)",
            "CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL,"
                    + " hash TEXT NOT NULL)",
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '" + AuditChain.GENESIS + "')",
            "CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records"
                    + " BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END",
            "CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records"
                    + " BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END");

    private static final String COLUMNS = "seq, ts, principal, action, target, model, version, outcome, reason,"
            + " details, request_id, prev_hash, hash";
    private static final String INSERT = "INSERT INTO audit_records (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /**
     * The canonical form of {@link AuditChain}, built by SQLite from the stored columns, so that verification
     * reads one value per record instead of thirteen. {@code SqliteAuditLogTest} checks it against
     * {@link AuditChain} byte for byte.
     */
    private static final String CANONICAL = "concat('mvm-audit/1', char(10), seq, char(10), ts, char(10)"
            + field("principal") + field("action") + field("target") + nullableField("model")
            + nullableField("version") + field("outcome") + field("reason") + field("details")
            + field("request_id") + field("prev_hash") + ")";
    private static final String VERIFY_COLUMNS = "seq, prev_hash, hash, " + CANONICAL;
    /** Logs with more records than this are verified in ranges, one thread and connection per range. */
    static final long PARALLEL_FROM = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() { };

    private final AuditDatabase db;
    private final String description;
    private final long parallelFrom;

    /** How durable an append is once it returns. */
    public enum Durability {
        /**
         * The default: WAL with {@code synchronous=NORMAL}. An appended record survives a crash or
         * {@code kill -9} of the process; after a power loss or an operating system crash the last appends
         * may be lost (the chain stays intact, it just ends earlier). No fsync per append.
         */
        PROCESS_CRASH_SAFE,
        /**
         * WAL with {@code synchronous=FULL}: every append is fsync'ed before it returns and survives a power
         * loss. Each append then costs at least one fsync of the disk.
         */
        POWER_LOSS_SAFE
    }

    private SqliteAuditLog(Path file, Durability durability, long parallelFrom) {
        this.description = "sqlite:" + file;
        this.parallelFrom = parallelFrom;
        this.db = new AuditDatabase(file, description, BUSY_TIMEOUT, durability == Durability.POWER_LOSS_SAFE);
    }

    /**
     * Opens (or creates) an audit log with {@link Durability#PROCESS_CRASH_SAFE} appends.
     *
     * @param file the database file, e.g. {@code .mvm/audit.db}; its directory is created if missing
     * @return the log; close it when done
     * @throws StorageException if the file cannot be opened, or was written by a newer MVM
     */
    public static SqliteAuditLog open(Path file) {
        return open(file, Durability.PROCESS_CRASH_SAFE);
    }

    /**
     * Opens (or creates) an audit log.
     *
     * @param file the database file, e.g. {@code .mvm/audit.db}; its directory is created if missing
     * @param durability how durable an append is once it returns
     * @return the log; close it when done
     * @throws StorageException if the file cannot be opened, or was written by a newer MVM
     */
    public static SqliteAuditLog open(Path file, Durability durability) {
        return open(file, durability, PARALLEL_FROM);
    }

    /**
     * @param parallelFrom the record count above which {@link #verify()} checks ranges in parallel
     */
    static SqliteAuditLog open(Path file, Durability durability, long parallelFrom) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StorageException("Cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
        SqliteAuditLog log = new SqliteAuditLog(file, java.util.Objects.requireNonNull(durability, "durability"),
                parallelFrom);
        try {
            log.migrate();
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        return log;
    }

    private void migrate() {
        db.write("create the audit schema", s -> {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                    + " applied_at TEXT NOT NULL)");
            int current;
            try (ResultSet rs = s.prepare("SELECT coalesce(max(version), 0) FROM schema_version").executeQuery()) {
                current = rs.next() ? rs.getInt(1) : 0;
            }
            if (current > SCHEMA_VERSION) {
                throw new StorageException("The audit database " + description + " has schema version " + current
                        + ", newer than this MVM supports (" + SCHEMA_VERSION + "); upgrade MVM to open it", null);
            }
            if (current == 0) {
                for (String sql : SCHEMA) {
                    s.execute(sql);
                }
                PreparedStatement ps = s.prepare("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)");
                ps.setInt(1, SCHEMA_VERSION);
                ps.setString(2, Instant.now().toString());
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static String field(String column) {
        return ", octet_length(" + column + "), ':', " + column + ", char(10)";
    }

    private static String nullableField(String column) {
        return ", coalesce(octet_length(" + column + ") || ':' || " + column + ", '-'), char(10)";
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public AuditRecord append(AuditEvent event) {
        return db.write("append an audit record of " + event.action(), s -> appendIn(s, event));
    }

    @Override
    public List<AuditRecord> appendAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        return db.write("append " + events.size() + " audit records", s -> {
            List<AuditRecord> out = new ArrayList<>(events.size());
            for (AuditEvent e : events) {
                out.add(appendIn(s, e));
            }
            return List.copyOf(out);
        });
    }

    private static AuditRecord appendIn(Session s, AuditEvent event) throws SQLException {
        long last;
        String lastHash;
        try (ResultSet rs = s.prepare("SELECT seq, hash FROM audit_head WHERE id = 1").executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the audit head row is missing");
            }
            last = rs.getLong(1);
            lastHash = rs.getString(2);
        }
        AuditRecord record = AuditRecord.chain(last + 1, event, lastHash);
        PreparedStatement ps = s.prepare(INSERT);
        ps.setLong(1, record.sequence());
        ps.setLong(2, event.timestamp().toEpochMilli());
        ps.setString(3, event.principal().toString());
        ps.setString(4, event.action());
        ps.setString(5, event.target());
        ps.setString(6, event.model());
        ps.setString(7, event.version());
        ps.setString(8, event.outcome().name());
        ps.setString(9, event.reason());
        ps.setString(10, AuditChain.canonicalDetails(event.details()));
        ps.setString(11, event.requestId());
        ps.setString(12, record.previousHash());
        ps.setString(13, record.hash());
        ps.executeUpdate();
        PreparedStatement head = s.prepare("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1");
        head.setLong(1, record.sequence());
        head.setString(2, record.hash());
        head.executeUpdate();
        return record;
    }

    @Override
    public List<AuditRecord> query(AuditQuery query) {
        return db.read("query the audit log", s -> {
            List<AuditRecord> out = new ArrayList<>();
            try (PreparedStatement ps = prepareQuery(s, query, true); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(record(rs));
                }
            }
            return List.copyOf(out);
        });
    }

    private static PreparedStatement prepareQuery(Session s, AuditQuery q, boolean limited)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM audit_records WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        q.model().ifPresent(m -> where(sql, args, " AND model = ?", m));
        q.version().ifPresent(v -> where(sql, args, " AND version = ?", v));
        q.principal().ifPresent(p -> where(sql, args, " AND principal = ?", p.toString()));
        q.action().ifPresent(a -> where(sql, args, " AND action = ?", a));
        q.outcome().ifPresent(o -> where(sql, args, " AND outcome = ?", o.name()));
        q.from().ifPresent(f -> where(sql, args, " AND ts >= ?", f.toEpochMilli()));
        q.to().ifPresent(t -> where(sql, args, " AND ts < ?", t.toEpochMilli()));
        if (q.cursor() > 0) {
            where(sql, args, q.newestFirst() ? " AND seq < ?" : " AND seq > ?", q.cursor());
        }
        sql.append(" ORDER BY seq").append(q.newestFirst() ? " DESC" : " ASC");
        if (limited) {
            where(sql, args, " LIMIT ?", q.limit());
        }
        PreparedStatement ps = s.prepareOnce(sql.toString());
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
        return ps;
    }

    private static void where(StringBuilder sql, List<Object> args, String clause, Object arg) {
        sql.append(clause);
        args.add(arg);
    }

    private AuditRecord record(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        try {
            Map<String, String> details = JSON.readValue(rs.getString(10), DETAILS);
            AuditEvent event = new AuditEvent(Instant.ofEpochMilli(rs.getLong(2)), Principal.parse(rs.getString(3)),
                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                    AuditOutcome.valueOf(rs.getString(8)), rs.getString(9), details, rs.getString(11));
            return new AuditRecord(seq, event, rs.getString(12), rs.getString(13));
        } catch (IOException | MvmException | IllegalArgumentException e) {
            throw new StorageException("Audit record " + seq + " in " + description + " cannot be read ("
                    + e.getMessage() + "); run verify() to find what was changed", e);
        }
    }

    @Override
    public AuditVerification verify() {
        long[] range = db.read("read the audit log's range", s -> {
            try (ResultSet rs = s.prepare("SELECT coalesce(max(seq), 0), count(*) FROM audit_records").executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[] {0, 0};
            }
        });
        if (range[0] > parallelFrom && range[0] == range[1]) {
            AuditVerification fast = verifyInRanges(range[0]);
            if (fast != null) {
                return fast;
            }
        }
        return verifySequentially();
    }

    /** One range's scan: whether it is internally intact, and how it links to its neighbours. */
    private record RangeCheck(boolean intact, long count, String firstPrevious, String lastHash) {
    }

    /**
     * Verifies an apparently gap-free log in parallel ranges. Returns the verification if the whole chain
     * is intact, or {@code null} if anything looks wrong, so that the sequential pass finds and describes
     * the first bad record.
     */
    private @Nullable AuditVerification verifyInRanges(long last) {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        long size = (last + threads - 1) / threads;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mvm-audit-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<RangeCheck>> parts = new ArrayList<>();
            for (long lo = 1; lo <= last; lo += size) {
                long from = lo;
                long to = Math.min(last, lo + size - 1);
                parts.add(pool.submit(() -> checkRange(from, to)));
            }
            String previous = AuditChain.GENESIS;
            long checked = 0;
            for (java.util.concurrent.Future<RangeCheck> f : parts) {
                RangeCheck r = f.get();
                if (!r.intact() || !r.firstPrevious().equals(previous)) {
                    return null;
                }
                checked += r.count();
                previous = r.lastHash();
            }
            String lastHash = previous;
            boolean headMatches = db.read("read the audit head", s -> {
                try (ResultSet rs = s.prepare("SELECT seq, hash FROM audit_head WHERE id = 1").executeQuery()) {
                    return rs.next() && rs.getLong(1) == last && lastHash.equals(rs.getString(2));
                }
            });
            return headMatches ? new AuditVerification(checked, lastHash, null) : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while verifying " + description, e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new StorageException("Cannot verify " + description + ": " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private RangeCheck checkRange(long from, long to) {
        return db.read("verify audit records " + from + " to " + to, s -> {
            MessageDigest sha256 = sha256();
            long expected = from;
            String first = null;
            String previous = null;
            try (PreparedStatement ps = s.prepareOnce("SELECT " + VERIFY_COLUMNS
                    + " FROM audit_records WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String prevHash = rs.getString(2);
                        String hash = rs.getString(3);
                        byte[] canonical = rs.getBytes(4);
                        if (rs.getLong(1) != expected || prevHash == null || hash == null || canonical == null
                                || (previous != null && !previous.equals(prevHash))
                                || !hash.equals(hex(sha256.digest(canonical)))) {
                            return new RangeCheck(false, 0, "", "");
                        }
                        if (first == null) {
                            first = prevHash;
                        }
                        previous = hash;
                        expected++;
                    }
                }
            }
            boolean complete = first != null && expected == to + 1;
            return new RangeCheck(complete, to - from + 1, complete ? first : "", complete ? previous : "");
        });
    }

    private AuditVerification verifySequentially() {
        return db.read("verify the audit log", s -> {
            long expected = 1;
            String previous = AuditChain.GENESIS;
            long checked = 0;
            MessageDigest sha256 = sha256();
            try (PreparedStatement ps = s.prepareOnce("SELECT " + VERIFY_COLUMNS + " FROM audit_records ORDER BY seq");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    checked++;
                    long seq = rs.getLong(1);
                    String prevHash = rs.getString(2);
                    String hash = rs.getString(3);
                    if (seq != expected) {
                        return broken(checked, previous, expected, Problem.REMOVED, "record " + expected
                                + (seq == expected + 1 ? " is" : " to " + (seq - 1) + " are") + " missing; the next"
                                + " record is " + seq);
                    }
                    byte[] canonical = rs.getBytes(4);
                    String computed = canonical == null ? "" : hex(sha256.digest(canonical));
                    if (prevHash == null || hash == null) {
                        return broken(checked, previous, seq, Problem.ALTERED, "record " + seq + " was changed"
                                + " after it was written: its hashes are missing");
                    }
                    if (!computed.equals(hash)) {
                        if (prevHash.equals(previous)) {
                            return broken(checked, previous, seq, Problem.ALTERED, "record " + seq + " was changed"
                                    + " after it was written: its content no longer matches its hash");
                        }
                        long origin = sequenceOf(s, prevHash);
                        if (origin >= 0 && origin + 1 != seq) {
                            return broken(checked, previous, seq, Problem.REORDERED, "record " + seq + " holds the"
                                    + " content written as record " + (origin + 1));
                        }
                        return broken(checked, previous, seq, Problem.ALTERED, "record " + seq + " was changed"
                                + " after it was written: neither its content nor its link to record " + (seq - 1)
                                + " match");
                    }
                    if (!prevHash.equals(previous)) {
                        long culprit = seq - 1;
                        return broken(checked, previous, culprit, Problem.ALTERED, "record " + culprit
                                + " was replaced after it was written: record " + seq + " was linked to a record "
                                + culprit + " with hash " + prevHash + ", the stored one hashes to " + previous);
                    }
                    previous = hash;
                    expected++;
                }
            }
            long headSeq;
            String headHash;
            try (ResultSet rs = s.prepare("SELECT seq, hash FROM audit_head WHERE id = 1").executeQuery()) {
                if (!rs.next()) {
                    return broken(checked, previous, expected, Problem.REMOVED, "the head of the chain is missing");
                }
                headSeq = rs.getLong(1);
                headHash = rs.getString(2);
            }
            long last = expected - 1;
            if (headSeq > last) {
                return broken(checked, previous, expected, Problem.REMOVED, "the log ends at record " + last
                        + " but its head records " + headSeq + "; record " + expected
                        + (headSeq > expected ? " to " + headSeq + " are" : " is") + " missing");
            }
            if (headSeq < last) {
                return broken(checked, previous, headSeq + 1, Problem.ALTERED, "record " + (headSeq + 1)
                        + " was added behind the log's back: the head records " + headSeq + " as the last record");
            }
            if (!headHash.equals(previous)) {
                return broken(checked, previous, last, Problem.ALTERED, "record " + last + " does not match the"
                        + " hash recorded at the head of the chain");
            }
            return new AuditVerification(checked, previous, null);
        });
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static long sequenceOf(Session s, String hash) throws SQLException {
        PreparedStatement ps = s.prepareOnce("SELECT seq FROM audit_records WHERE hash = ?");
        try (ps) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static AuditVerification broken(long checked, String lastGood, long seq, Problem problem,
            String description) {
        return new AuditVerification(checked, lastGood, new Violation(seq, problem, description));
    }

    @Override
    public long exportJsonLines(AuditQuery query, OutputStream out) {
        try {
            return db.read("export the audit log", s -> {
                long count = 0;
                JsonFactory factory = JSON.getFactory();
                try (PreparedStatement ps = prepareQuery(s, query, false); ResultSet rs = ps.executeQuery();
                        JsonGenerator gen = factory.createGenerator(new NonClosingStream(out), JsonEncoding.UTF8)) {
                    gen.setRootValueSeparator(null);
                    while (rs.next()) {
                        write(gen, rs);
                        gen.writeRaw('\n');
                        count++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return count;
            });
        } catch (UncheckedIOException e) {
            throw new StorageException("Cannot export " + description + " as JSON Lines: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void write(JsonGenerator gen, ResultSet rs) throws SQLException, IOException {
        gen.writeStartObject();
        gen.writeNumberField("sequence", rs.getLong(1));
        gen.writeStringField("timestamp", Instant.ofEpochMilli(rs.getLong(2)).toString());
        gen.writeStringField("principal", rs.getString(3));
        gen.writeStringField("action", rs.getString(4));
        gen.writeStringField("target", rs.getString(5));
        writeNullable(gen, "model", rs.getString(6));
        writeNullable(gen, "version", rs.getString(7));
        gen.writeStringField("outcome", rs.getString(8));
        gen.writeStringField("reason", rs.getString(9));
        gen.writeObjectFieldStart("details");
        for (Map.Entry<String, String> e : JSON.readValue(rs.getString(10), DETAILS).entrySet()) {
            gen.writeStringField(e.getKey(), e.getValue());
        }
        gen.writeEndObject();
        gen.writeStringField("requestId", rs.getString(11));
        gen.writeStringField("previousHash", rs.getString(12));
        gen.writeStringField("hash", rs.getString(13));
        gen.writeEndObject();
    }

    private static void writeNullable(JsonGenerator gen, String field, @Nullable String value) throws IOException {
        if (value == null) {
            gen.writeNullField(field);
        } else {
            gen.writeStringField(field, value);
        }
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "SqliteAuditLog[" + description + "]";
    }

    /** Lets the JSON generator flush without closing the caller's stream. */
    private static final class NonClosingStream extends java.io.FilterOutputStream {
        NonClosingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
