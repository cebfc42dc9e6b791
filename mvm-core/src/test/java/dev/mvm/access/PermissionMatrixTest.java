package dev.mvm.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.audit.AuditOutcome;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.audit.SqliteAuditLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in role against every permission and every registry operation, allowed or denied, with the audit
 * record each call leaves. The expected table is written out here, independently of {@link Role}'s definitions.
 *
 * <p>The operations run through {@link AuditedAccess}, the pipeline the facade uses; {@link #invoke} is the one
 * place to change so that the same matrix drives the facade itself.
 */
@DisplayName("Permission matrix: role x permission and role x operation, with audit records")
class PermissionMatrixTest {
    static final ModelName MODEL = ModelName.of("nlp/bert");
    static final SemanticVersion VERSION = SemanticVersion.parse("1.2.0");
    static final Principal ROOT = Principal.user("root");

    /** What each role allows, written out as the documentation states it. */
    static final Map<String, Set<Permission>> EXPECTED = new LinkedHashMap<>();

    static {
        EnumSet<Permission> viewer = EnumSet.of(Permission.READ, Permission.DOWNLOAD);
        EnumSet<Permission> contributor = EnumSet.copyOf(viewer);
        contributor.addAll(List.of(Permission.CREATE_MODEL, Permission.CREATE_VERSION, Permission.UPDATE));
        EnumSet<Permission> publisher = EnumSet.copyOf(contributor);
        publisher.add(Permission.TRANSITION);
        EnumSet<Permission> owner = EnumSet.copyOf(publisher);
        owner.addAll(List.of(Permission.RESTORE, Permission.DELETE, Permission.MANAGE_PERMISSIONS,
                Permission.READ_AUDIT));
        EXPECTED.put("none", EnumSet.noneOf(Permission.class));
        EXPECTED.put("viewer", viewer);
        EXPECTED.put("contributor", contributor);
        EXPECTED.put("publisher", publisher);
        EXPECTED.put("owner", owner);
        EXPECTED.put("admin", EnumSet.allOf(Permission.class));
    }

    @TempDir
    Path dir;
    SqliteAccessPolicyStore store;
    SqliteAuditLog audit;
    AccessController access;
    AuditedAccess pipeline;
    TestClock clock = new TestClock(Instant.parse("2026-02-01T00:00:00Z"));

    @BeforeEach
    void open() {
        store = SqliteAccessPolicyStore.open(dir.resolve("access.db"));
        audit = SqliteAuditLog.open(dir.resolve("audit.db"));
        access = AccessController.rbac(store).clock(clock).build();
        pipeline = new AuditedAccess(access, audit, clock);
        access.grantAsSystem(ROOT, Role.ADMIN, Scope.global(), null);
    }

    @AfterEach
    void close() {
        audit.close();
        store.close();
    }

    Principal holder(String role, Scope scope) {
        Principal p = Principal.user(role + "-" + scope.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (!role.equals("none")) {
            access.grant(ROOT, p, Role.builtIn(role).orElseThrow(), scope, null);
        }
        return p;
    }

    /** The target an operation acts on: the model (and version) for model operations, global for the rest. */
    static AuditTarget targetOf(Operation op) {
        return switch (op) {
            case MODEL_LIST, SEARCH, ROLE_DEFINE, AUDIT_QUERY, AUDIT_EXPORT, AUDIT_VERIFY, GARBAGE_COLLECT ->
                    AuditTarget.scope(Scope.global());
            case MODEL_REGISTER, MODEL_READ, MODEL_UPDATE, MODEL_DELETE, ACCESS_GRANT, ACCESS_REVOKE,
                    POINTER_PUBLISH, POINTER_ROLLBACK, POINTER_UNPUBLISH -> AuditTarget.model(MODEL);
            default -> AuditTarget.version(MODEL, VERSION);
        };
    }

    /**
     * Runs one operation as {@code principal}. Replace the body with the facade call for {@code op} to run the
     * matrix through the facade.
     */
    String invoke(Principal principal, Operation op) {
        return pipeline.call(principal, "matrix-" + op.ordinal(), op, targetOf(op), () -> "done");
    }

    @TestFactory
    @DisplayName("role x permission on a model, granted at global, namespace and model scope")
    Stream<DynamicTest> roleByPermission() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scope scope : List.of(Scope.global(), Scope.namespace("nlp"), Scope.model(MODEL))) {
            for (String role : EXPECTED.keySet()) {
                tests.add(dynamicTest(role + " at " + scope, () -> {
                    Principal p = holder(role, scope);
                    for (Permission perm : Permission.values()) {
                        boolean expected = EXPECTED.get(role).contains(perm);
                        assertThat(access.isAllowed(p, perm, MODEL)).as(role + " " + perm).isEqualTo(expected);
                        assertThat(access.isAllowed(p, perm, ModelName.of("risk/fraud")))
                                .as(role + " at " + scope + " " + perm + " elsewhere")
                                .isEqualTo(expected && scope.kind() == Scope.Kind.GLOBAL);
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    @DisplayName("role x operation through the audited pipeline, with the audit record of each call")
    Stream<DynamicTest> roleByOperation() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String role : EXPECTED.keySet()) {
            for (Operation op : Operation.values()) {
                boolean allowed = EXPECTED.get(role).contains(op.permission());
                tests.add(dynamicTest(role + " " + op.action() + " -> " + (allowed ? "allowed" : "denied"), () -> {
                    Principal p = holder(role, Scope.global());
                    long before = lastSequence();
                    if (allowed) {
                        assertThat(invoke(p, op)).isEqualTo("done");
                    } else {
                        assertThatThrownBy(() -> invoke(p, op)).isInstanceOf(AccessDeniedException.class)
                                .hasMessageContaining(p.toString()).hasMessageContaining(op.permission().name());
                    }
                    List<AuditRecord> records = audit.query(AuditQuery.builder().after(before).build());
                    if (allowed && !op.auditedWhenAllowed()) {
                        assertThat(records).as("reads leave no record when allowed").isEmpty();
                        return;
                    }
                    assertThat(records).hasSize(1);
                    AuditRecord r = records.get(0);
                    assertThat(r.event().principal()).isEqualTo(p);
                    assertThat(r.event().action()).isEqualTo(op.action());
                    assertThat(r.event().target()).isEqualTo(targetOf(op).text());
                    assertThat(r.event().requestId()).isEqualTo("matrix-" + op.ordinal());
                    assertThat(r.event().outcome()).isEqualTo(allowed ? AuditOutcome.ALLOWED : AuditOutcome.DENIED);
                    if (!allowed) {
                        assertThat(r.event().reason()).contains(p.toString()).contains(op.permission().name());
                    }
                }));
            }
        }
        tests.add(dynamicTest("the audit log of the whole matrix verifies", () -> {
            Principal p = holder("viewer", Scope.global());
            assertThatThrownBy(() -> invoke(p, Operation.MODEL_DELETE)).isInstanceOf(AccessDeniedException.class);
            assertThat(audit.verify().intact()).isTrue();
        }));
        return tests.stream();
    }

    @TestFactory
    @DisplayName("a grant on another namespace allows no operation on this model")
    Stream<DynamicTest> otherNamespace() {
        return Stream.of(Operation.values()).filter(op -> targetOf(op).scope().kind() == Scope.Kind.MODEL)
                .map(op -> dynamicTest(op.action(), () -> {
                    Principal p = Principal.user("risk-admin");
                    if (access.grantsOf(p).isEmpty()) {
                        access.grant(ROOT, p, Role.ADMIN, Scope.namespace("risk"), null);
                    }
                    assertThatThrownBy(() -> invoke(p, op)).isInstanceOf(AccessDeniedException.class)
                            .hasMessageContaining("model 'nlp/bert'");
                }));
    }

    long lastSequence() {
        List<AuditRecord> last = audit.query(AuditQuery.builder().newestFirst().limit(1).build());
        return last.isEmpty() ? 0 : last.get(0).sequence();
    }
}
