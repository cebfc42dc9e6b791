package dev.mvm.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.audit.AuditOutcome;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.model.ModelName;
import dev.mvm.audit.SqliteAuditLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("AuditedAccess: check, work, audit")
class AuditedAccessTest {
    static final Principal ALICE = Principal.user("alice");
    static final ModelName MODEL = ModelName.of("fraud");

    @TempDir
    Path dir;
    SqliteAuditLog audit;
    TestClock clock = new TestClock(Instant.parse("2026-02-01T12:00:00Z"));

    @BeforeEach
    void open() {
        audit = SqliteAuditLog.open(dir.resolve("audit.db"));
    }

    @AfterEach
    void close() {
        audit.close();
    }

    List<AuditRecord> records() {
        return audit.query(AuditQuery.all());
    }

    @Test
    @DisplayName("the local owner mode allows everything and still audits it, with a fresh request id")
    void localOwnerAudited() {
        AuditedAccess pipeline = new AuditedAccess(AccessController.localOwner(), audit, clock);
        String result = pipeline.call(ALICE, null, Operation.MODEL_DELETE, AuditTarget.model(MODEL), () -> "gone");
        assertThat(result).isEqualTo("gone");
        assertThat(records()).singleElement().satisfies(r -> {
            assertThat(r.event().outcome()).isEqualTo(AuditOutcome.ALLOWED);
            assertThat(r.event().action()).isEqualTo("model.delete");
            assertThat(r.event().target()).isEqualTo("model:fraud");
            assertThat(r.event().model()).isEqualTo("fraud");
            assertThat(r.event().timestamp()).isEqualTo(clock.instant());
            assertThat(r.event().requestId()).matches("[0-9a-f]{32}");
        });
    }

    @Test
    @DisplayName("a denied call never runs its work and leaves a DENIED record with the reason")
    void deniedNeverRuns() {
        try (SqliteAccessPolicyStore store = SqliteAccessPolicyStore.open(dir.resolve("access.db"))) {
            AuditedAccess pipeline = new AuditedAccess(AccessController.rbac(store).clock(clock).build(), audit, clock);
            AtomicInteger runs = new AtomicInteger();
            assertThatThrownBy(() -> pipeline.run(ALICE, "r1", Operation.VERSION_DOWNLOAD,
                    AuditTarget.version(MODEL, dev.mvm.api.model.SemanticVersion.parse("1.0.0")), runs::incrementAndGet))
                    .isInstanceOf(AccessDeniedException.class);
            assertThat(runs).hasValue(0);
            assertThat(records()).singleElement().satisfies(r -> {
                assertThat(r.event().outcome()).isEqualTo(AuditOutcome.DENIED);
                assertThat(r.event().target()).isEqualTo("version:fraud@1.0.0");
                assertThat(r.event().version()).isEqualTo("1.0.0");
                assertThat(r.event().reason()).contains("user:alice lacks DOWNLOAD on model 'fraud'");
            });
        }
    }

    @Test
    @DisplayName("a failing audited operation is recorded as FAILED and its exception rethrown unchanged")
    void failureAudited() {
        AuditedAccess pipeline = new AuditedAccess(AccessController.localOwner(), audit, clock);
        ConflictException boom = new ConflictException("Model 'fraud' already exists");
        assertThatThrownBy(() -> pipeline.call(ALICE, "r2", Operation.MODEL_REGISTER, AuditTarget.model(MODEL), () -> {
            throw boom;
        })).isSameAs(boom);
        assertThat(records()).singleElement().satisfies(r -> {
            assertThat(r.event().outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(r.event().reason()).isEqualTo("ConflictException: Model 'fraud' already exists");
        });
    }

    @Test
    @DisplayName("reads are audited only when denied; their failures are not audited")
    void readsQuiet() {
        AuditedAccess pipeline = new AuditedAccess(AccessController.localOwner(), audit, clock);
        pipeline.call(ALICE, null, Operation.MODEL_READ, AuditTarget.model(MODEL), () -> 1);
        assertThatThrownBy(() -> pipeline.call(ALICE, null, Operation.MODEL_READ, AuditTarget.model(MODEL), () -> {
            throw new IllegalStateException("x");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(records()).isEmpty();
    }

    @Test
    @DisplayName("the recorded target can be refined from the result, e.g. the version a bump chose")
    void refinedTarget() {
        AuditedAccess pipeline = new AuditedAccess(AccessController.localOwner(), audit, clock);
        pipeline.call(ALICE, null, Operation.VERSION_REGISTER, AuditTarget.model(MODEL).with("bump", "MINOR"),
                () -> "1.3.0", (t, v) -> t.withVersion(v).with("files", "2"));
        AuditRecord r = records().get(0);
        assertThat(r.event().target()).isEqualTo("version:fraud@1.3.0");
        assertThat(r.event().details()).containsEntry("bump", "MINOR").containsEntry("files", "2");
    }

    @Test
    @DisplayName("a denial raised inside the work (delegation limits) is audited as DENIED")
    void nestedDenial() {
        try (SqliteAccessPolicyStore store = SqliteAccessPolicyStore.open(dir.resolve("access.db"))) {
            AccessController access = AccessController.rbac(store).clock(clock).build();
            access.grantAsSystem(ALICE, Role.OWNER, Scope.namespace("nlp"), null);
            AuditedAccess pipeline = new AuditedAccess(access, audit, clock);
            assertThatThrownBy(() -> pipeline.call(ALICE, null, Operation.ACCESS_GRANT,
                    AuditTarget.scope(Scope.namespace("nlp")).with("role", "admin"),
                    () -> access.grant(ALICE, Principal.user("bob"), Role.ADMIN, Scope.namespace("nlp"), null)))
                    .isInstanceOf(AccessDeniedException.class);
            assertThat(records()).singleElement().satisfies(r -> {
                assertThat(r.event().outcome()).isEqualTo(AuditOutcome.DENIED);
                assertThat(r.event().target()).isEqualTo("namespace:nlp");
                assertThat(r.event().reason()).contains("cannot grant admin");
            });
        }
    }

    @Test
    @DisplayName("if the audit record cannot be written, the caller learns that the operation itself succeeded")
    void auditFailure() {
        AuditedAccess pipeline = new AuditedAccess(AccessController.localOwner(), audit, clock);
        audit.close();
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> pipeline.call(ALICE, null, Operation.MODEL_UPDATE, AuditTarget.model(MODEL),
                runs::incrementAndGet)).isInstanceOf(StorageException.class)
                .hasMessageContaining("model.update on model:fraud by user:alice succeeded")
                .hasMessageContaining("could not be written");
        assertThat(runs).hasValue(1);
        audit = SqliteAuditLog.open(dir.resolve("audit.db"));
    }

    @Test
    @DisplayName("without an audit log the pipeline still enforces access")
    void withoutAudit() {
        AuditedAccess pipeline = new AuditedAccess(AccessController.localOwner(), null, clock);
        assertThat(pipeline.audit()).isEmpty();
        assertThat(pipeline.call(ALICE, null, Operation.MODEL_DELETE, AuditTarget.model(MODEL), () -> 7)).isEqualTo(7);
    }
}
