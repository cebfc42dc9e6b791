package dev.mvm.audit;

import static dev.mvm.audit.AuditEvents.T0;
import static dev.mvm.audit.AuditEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvm.api.access.Principal;
import dev.mvm.api.audit.AuditChain;
import dev.mvm.api.audit.AuditEvent;
import dev.mvm.api.audit.AuditOutcome;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.audit.AuditVerification;
import dev.mvm.api.audit.AuditVerification.Problem;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SqliteAuditLog")
class SqliteAuditLogTest {
    @TempDir
    Path dir;
    Path file;
    SqliteAuditLog log;

    @BeforeEach
    void open() {
        file = dir.resolve("audit.db");
        log = SqliteAuditLog.open(file);
    }

    @AfterEach
    void close() {
        log.close();
    }

    List<AuditRecord> fill(int n) {
        return log.appendAll(IntStream.rangeClosed(1, n).mapToObj(AuditEvents::event).toList());
    }

    @Nested
    @DisplayName("appending")
    class Appending {
        @Test
        @DisplayName("records get gap-free sequence numbers and each links to the hash of the one before")
        void chains() {
            AuditRecord first = log.append(event(1));
            List<AuditRecord> more = log.appendAll(List.of(event(2), event(3)));
            assertThat(first.sequence()).isEqualTo(1);
            assertThat(first.previousHash()).isEqualTo(AuditChain.GENESIS);
            assertThat(more).extracting(AuditRecord::sequence).containsExactly(2L, 3L);
            assertThat(more.get(0).previousHash()).isEqualTo(first.hash());
            assertThat(more.get(1).previousHash()).isEqualTo(more.get(0).hash());
            assertThat(more).allMatch(AuditRecord::hashMatches);
            assertThat(log.verify()).satisfies(v -> {
                assertThat(v.intact()).isTrue();
                assertThat(v.recordsChecked()).isEqualTo(3);
                assertThat(v.lastHash()).isEqualTo(more.get(1).hash());
            });
        }

        @Test
        @DisplayName("records read back equal what was appended, details with odd characters included")
        void roundTrip() {
            List<AuditRecord> written = fill(6);
            assertThat(log.query(AuditQuery.all())).isEqualTo(written);
            assertThat(written.get(0).event().details()).containsEntry("quote\"and\\slash", "line\nbreak \u0001 \u00e9");
        }

        @Test
        @DisplayName("verification recomputes exactly AuditChain's hash, for multi-byte text and absent fields too")
        void canonicalFormAgrees() {
            log.append(new AuditEvent(T0, Principal.user("李雷"), "pointer.rollback", "global", null, null,
                    AuditOutcome.FAILED, "回滚原因：延迟升高 \u2028 \uD83D\uDE80", Map.of("环境", "生产", "k", "x\ty"), "r-1"));
            log.append(new AuditEvent(T0, Principal.service("s"), "a", "model:m", "m", "1.0.0+build.7",
                    AuditOutcome.ALLOWED, "", Map.of(), "r-2"));
            assertThat(log.query(AuditQuery.all())).allMatch(AuditRecord::hashMatches);
            assertThat(log.verify().intact()).isTrue();
            assertThat(log.verify().recordsChecked()).isEqualTo(2);
        }

        @Test
        @DisplayName("the chain continues across reopening, and an empty log verifies with the genesis hash")
        void reopen() {
            assertThat(log.verify()).isEqualTo(new AuditVerification(0, AuditChain.GENESIS, null));
            fill(3);
            log.close();
            log = SqliteAuditLog.open(file, SqliteAuditLog.Durability.POWER_LOSS_SAFE);
            AuditRecord next = log.append(event(4));
            assertThat(next.sequence()).isEqualTo(4);
            assertThat(log.verify().intact()).isTrue();
        }

        @Test
        @DisplayName("records cannot be updated or deleted through SQL while the triggers stand")
        void appendOnly() throws SQLException {
            fill(2);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeUpdate("UPDATE audit_records SET reason = 'x' WHERE seq = 1"))
                        .hasMessageContaining("append-only");
                assertThatThrownBy(() -> st.executeUpdate("DELETE FROM audit_records WHERE seq = 1"))
                        .hasMessageContaining("append-only");
            }
            assertThat(log.verify().intact()).isTrue();
        }

        @Test
        @DisplayName("invalid events are rejected before they reach the log")
        void invalidEvents() {
            assertThatThrownBy(() -> new AuditEvent(T0, Principal.user("a"), "Bad Action", "global", null, null,
                    AuditOutcome.ALLOWED, "", Map.of(), "r")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("audit action");
            assertThatThrownBy(() -> new AuditEvent(T0, Principal.user("a"), "a.b", "global", null, null,
                    AuditOutcome.ALLOWED, "", Map.of(), "")).isInstanceOf(ValidationException.class);
        }

        @Test
        @DisplayName("a database from a newer schema is refused and left alone")
        void newerSchema() throws SQLException {
            log.close();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO schema_version (version, applied_at) VALUES (99, 'later')");
            }
            assertThatThrownBy(() -> SqliteAuditLog.open(file)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("schema version 99");
            log = SqliteAuditLog.open(dir.resolve("other.db"));
        }
    }

    @Nested
    @DisplayName("queries")
    class Queries {
        @Test
        @DisplayName("filters by model, version, principal, action, outcome and time range combine")
        void filters() {
            List<AuditRecord> all = fill(40);
            assertThat(log.query(AuditQuery.builder().model("nlp/bert").limit(100).build()))
                    .isEqualTo(all.stream().filter(r -> "nlp/bert".equals(r.event().model())).toList());
            assertThat(log.query(AuditQuery.builder().model("risk/fraud").version("1.0.7").build()))
                    .extracting(AuditRecord::sequence).containsExactly(7L);
            assertThat(log.query(AuditQuery.builder().principal(Principal.user("bob")).limit(1000).build()))
                    .hasSize(20).allMatch(r -> r.event().principal().equals(Principal.user("bob")));
            assertThat(log.query(AuditQuery.builder().action("version.download").outcome(AuditOutcome.DENIED).build()))
                    .extracting(AuditRecord::sequence).containsExactly(20L, 40L);
            assertThat(log.query(AuditQuery.builder().from(T0.plusSeconds(10)).to(T0.plusSeconds(13)).build()))
                    .extracting(AuditRecord::sequence).containsExactly(10L, 11L, 12L);
            assertThat(log.query(AuditQuery.builder().model("nope").build())).isEmpty();
        }

        @Test
        @DisplayName("pages follow each other without gaps or repeats, oldest or newest first")
        void paging() {
            fill(25);
            List<Long> seen = new ArrayList<>();
            AuditQuery q = AuditQuery.builder().limit(10).build();
            List<AuditRecord> page = log.query(q);
            while (!page.isEmpty()) {
                page.forEach(r -> seen.add(r.sequence()));
                q = q.next(page.get(page.size() - 1));
                page = log.query(q);
            }
            assertThat(seen).isEqualTo(IntStream.rangeClosed(1, 25).mapToObj(i -> (long) i).toList());

            AuditQuery newest = AuditQuery.builder().newestFirst().limit(4).build();
            List<AuditRecord> first = log.query(newest);
            assertThat(first).extracting(AuditRecord::sequence).containsExactly(25L, 24L, 23L, 22L);
            assertThat(log.query(newest.next(first.get(3)))).extracting(AuditRecord::sequence)
                    .containsExactly(21L, 20L, 19L, 18L);
        }

        @Test
        @DisplayName("query settings are validated")
        void validated() {
            assertThatThrownBy(() -> AuditQuery.builder().limit(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> AuditQuery.builder().from(T0).to(T0).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("time range");
        }
    }

    @Nested
    @DisplayName("export")
    class Export {
        @Test
        @DisplayName("JSON Lines: one object per line with every field, filtered like a query, ignoring the limit")
        void jsonLines() throws Exception {
            List<AuditRecord> all = fill(12);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long n = log.exportJsonLines(AuditQuery.builder().limit(1).build(), out);
            String text = out.toString(StandardCharsets.UTF_8);
            String[] lines = text.split("\n");
            assertThat(n).isEqualTo(12);
            assertThat(lines).hasSize(12);
            assertThat(text).endsWith("\n");
            ObjectMapper json = new ObjectMapper();
            JsonNode first = json.readTree(lines[0]);
            AuditRecord r = all.get(0);
            assertThat(first.get("sequence").asLong()).isEqualTo(1);
            assertThat(first.get("timestamp").asText()).isEqualTo(r.event().timestamp().toString());
            assertThat(first.get("principal").asText()).isEqualTo("user:bob");
            assertThat(first.get("action").asText()).isEqualTo("version.register");
            assertThat(first.get("target").asText()).isEqualTo("version:risk/fraud@1.0.1");
            assertThat(first.get("model").asText()).isEqualTo("risk/fraud");
            assertThat(first.get("outcome").asText()).isEqualTo("ALLOWED");
            assertThat(first.get("details").get("quote\"and\\slash").asText()).isEqualTo("line\nbreak \u0001 \u00e9");
            assertThat(first.get("requestId").asText()).isEqualTo("req-1");
            assertThat(first.get("previousHash").asText()).isEqualTo(AuditChain.GENESIS);
            assertThat(first.get("hash").asText()).isEqualTo(r.hash());

            ByteArrayOutputStream denied = new ByteArrayOutputStream();
            assertThat(log.exportJsonLines(AuditQuery.builder().outcome(AuditOutcome.DENIED).build(), denied))
                    .isEqualTo(2);
            assertThat(denied.toString(StandardCharsets.UTF_8).lines()).allMatch(l -> l.contains("\"DENIED\""));
        }
    }

    @Nested
    @DisplayName("tamper detection (editing the SQLite file directly)")
    class Tampering {
        List<AuditRecord> written;

        @BeforeEach
        void fillLog() {
            written = fill(10);
        }

        void tamper(String... sql) throws SQLException {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
                st.executeUpdate("DROP TRIGGER IF EXISTS audit_records_no_update");
                st.executeUpdate("DROP TRIGGER IF EXISTS audit_records_no_delete");
                for (String s : sql) {
                    st.executeUpdate(s);
                }
            }
        }

        AuditVerification.Violation firstViolation() {
            AuditVerification v = log.verify();
            assertThat(v.intact()).as("verification of the tampered log").isFalse();
            return v.firstViolation().orElseThrow();
        }

        @Test
        @DisplayName("a changed field is reported as the first altered record")
        void changedField() throws SQLException {
            tamper("UPDATE audit_records SET outcome = 'ALLOWED', reason = '' WHERE seq = 5",
                    "UPDATE audit_records SET principal = 'user:mallory' WHERE seq = 8");
            AuditVerification.Violation v = firstViolation();
            assertThat(v.sequence()).isEqualTo(5);
            assertThat(v.problem()).isEqualTo(Problem.ALTERED);
            assertThat(v.description()).contains("record 5 was changed");
            assertThat(log.verify().recordsChecked()).isEqualTo(5);
            assertThat(log.verify().lastHash()).isEqualTo(written.get(3).hash());
        }

        @Test
        @DisplayName("a changed timestamp is detected too")
        void changedTimestamp() throws SQLException {
            tamper("UPDATE audit_records SET ts = ts + 1 WHERE seq = 2");
            assertThat(firstViolation().sequence()).isEqualTo(2);
        }

        @Test
        @DisplayName("a deleted row is reported as removed")
        void deletedRow() throws SQLException {
            tamper("DELETE FROM audit_records WHERE seq = 4");
            AuditVerification.Violation v = firstViolation();
            assertThat(v.sequence()).isEqualTo(4);
            assertThat(v.problem()).isEqualTo(Problem.REMOVED);
            assertThat(v.description()).contains("record 4 is missing; the next record is 5");
        }

        @Test
        @DisplayName("deleting the last rows is caught by the head of the chain")
        void truncatedTail() throws SQLException {
            tamper("DELETE FROM audit_records WHERE seq >= 9");
            AuditVerification.Violation v = firstViolation();
            assertThat(v.sequence()).isEqualTo(9);
            assertThat(v.problem()).isEqualTo(Problem.REMOVED);
            assertThat(v.description()).contains("record 9 to 10 are missing");
        }

        @Test
        @DisplayName("two rows with swapped contents are reported as reordered at the first of them")
        void swappedRows() throws SQLException {
            String cols = "ts, principal, action, target, model, version, outcome, reason, details, request_id,"
                    + " prev_hash, hash";
            tamper("CREATE TEMP TABLE swap AS SELECT seq, " + cols + " FROM audit_records WHERE seq IN (3, 7)",
                    "UPDATE audit_records SET (" + cols + ") = (SELECT " + cols + " FROM swap WHERE swap.seq ="
                            + " CASE audit_records.seq WHEN 3 THEN 7 ELSE 3 END) WHERE seq IN (3, 7)");
            AuditVerification.Violation v = firstViolation();
            assertThat(v.sequence()).isEqualTo(3);
            assertThat(v.problem()).isEqualTo(Problem.REORDERED);
            assertThat(v.description()).contains("record 3 holds the content written as record 7");
        }

        @Test
        @DisplayName("a record rewritten with a recomputed hash breaks the link of the record after it")
        void rewrittenWithHash() throws SQLException {
            AuditRecord original = written.get(5);
            AuditEvent forged = new AuditEvent(original.event().timestamp(), Principal.user("mallory"),
                    original.event().action(), original.event().target(), original.event().model(),
                    original.event().version(), original.event().outcome(), "", original.event().details(),
                    original.event().requestId());
            AuditRecord rewritten = AuditRecord.chain(6, forged, original.previousHash());
            tamper();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                    PreparedStatement ps = c.prepareStatement(
                            "UPDATE audit_records SET principal = ?, reason = '', hash = ? WHERE seq = 6")) {
                ps.setString(1, "user:mallory");
                ps.setString(2, rewritten.hash());
                ps.executeUpdate();
            }
            AuditVerification.Violation v = firstViolation();
            assertThat(v.sequence()).isEqualTo(6);
            assertThat(v.problem()).isEqualTo(Problem.ALTERED);
            assertThat(v.description()).contains("record 6 was replaced");
        }

        @Test
        @DisplayName("a log verified in parallel ranges gets the same verdicts as one verified in a single pass")
        void parallelRanges() throws SQLException {
            log.close();
            log = SqliteAuditLog.open(file, SqliteAuditLog.Durability.PROCESS_CRASH_SAFE, 3);
            List<AuditRecord> more = fill(190);
            AuditVerification intact = log.verify();
            assertThat(intact.intact()).isTrue();
            assertThat(intact.recordsChecked()).isEqualTo(200);
            assertThat(intact.lastHash()).isEqualTo(more.get(189).hash());

            tamper("UPDATE audit_records SET reason = 'edited' WHERE seq = 150",
                    "UPDATE audit_records SET reason = 'edited' WHERE seq = 180");
            assertThat(firstViolation()).satisfies(v -> {
                assertThat(v.sequence()).isEqualTo(150);
                assertThat(v.problem()).isEqualTo(Problem.ALTERED);
            });
            tamper("DELETE FROM audit_records WHERE seq = 77");
            assertThat(firstViolation()).satisfies(v -> {
                assertThat(v.sequence()).isEqualTo(77);
                assertThat(v.problem()).isEqualTo(Problem.REMOVED);
            });
        }

        @Test
        @DisplayName("a truncation that also rewrites the head is caught by a last hash kept elsewhere")
        void anchorCatchesRewrittenHead() throws SQLException {
            String anchor = log.verify().lastHash();
            tamper("DELETE FROM audit_records WHERE seq = 10",
                    "UPDATE audit_head SET seq = 9, hash = '" + written.get(8).hash() + "'");
            AuditVerification v = log.verify();
            assertThat(v.intact()).isTrue();
            assertThat(v.lastHash()).isNotEqualTo(anchor);
        }

        @Test
        @DisplayName("reading a record whose fields no longer parse says which record and points to verify")
        void unreadable() throws SQLException {
            tamper("UPDATE audit_records SET principal = 'nobody' WHERE seq = 2");
            assertThatThrownBy(() -> log.query(AuditQuery.all())).isInstanceOf(StorageException.class)
                    .hasMessageContaining("Audit record 2").hasMessageContaining("verify()");
            assertThat(firstViolation().sequence()).isEqualTo(2);
        }
    }
}
