package dev.mvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.mvm.access.AccessController;
import dev.mvm.access.Operation;
import dev.mvm.access.SqliteAccessPolicyStore;
import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.audit.AuditOutcome;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.model.Model;
import dev.mvm.api.spi.ModelListing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in role against every facade operation, through {@link ModelRegistry#as(Principal)} on an
 * RBAC registry: allowed or denied as the role says, and each outcome in the audit trail.
 */
@DisplayName("Facade permission matrix: every role x every operation, with its audit record")
class FacadePermissionMatrixTest {
    static final Principal ROOT = Principal.user("root");

    @TempDir
    Path tmp;

    /** A registry directory with RBAC on: nlp/bert 0.9.0 (archived), 1.0.0 then 1.1.0 in production, 1.2.0 draft. */
    record Fixture(ModelRegistry registry, SqliteAccessPolicyStore policies, AccessController access) implements AutoCloseable {
        @Override
        public void close() {
            registry.close();
            policies.close();
        }
    }

    Fixture fixture(Path dir) {
        SqliteAccessPolicyStore policies = SqliteAccessPolicyStore.open(dir.resolve("access.db"));
        AccessController access = AccessController.rbac(policies).build();
        access.grantAsSystem(ROOT, Role.ADMIN, Scope.global(), null);
        ModelRegistry registry = ModelRegistry.builder().directory(dir).principal(ROOT).accessControl(access).build();
        registry.models().register("nlp/bert");
        registry.models().register("nlp/spare");
        var bert = registry.model("nlp/bert");
        for (String v : List.of("0.9.0", "1.0.0", "1.1.0", "1.2.0")) {
            bert.newVersion().version(v).content("w.bin", v.getBytes(StandardCharsets.UTF_8)).register();
        }
        bert.version("0.9.0").archive("old");
        bert.version("1.0.0").transition(LifecycleState.STAGING, "eval");
        bert.version("1.0.0").publish();
        bert.version("1.1.0").transition(LifecycleState.STAGING, "eval");
        bert.version("1.1.0").publish();
        return new Fixture(registry, policies, access);
    }

    /** The facade operations, each with the operation (and so the permission) it needs. */
    Map<String, Map.Entry<Operation, Consumer<ModelRegistry>>> operations() {
        Map<String, Map.Entry<Operation, Consumer<ModelRegistry>>> ops = new LinkedHashMap<>();
        ops.put("register a model", Map.entry(Operation.MODEL_REGISTER, r -> r.models().register("nlp/new")));
        ops.put("read a model", Map.entry(Operation.MODEL_READ, r -> r.models().get("nlp/bert")));
        ops.put("update a model", Map.entry(Operation.MODEL_UPDATE, r -> r.model("nlp/bert").update(m -> m.tag("k", "v"))));
        ops.put("delete a model", Map.entry(Operation.MODEL_DELETE, r -> r.model("nlp/spare").delete()));
        ops.put("register a version", Map.entry(Operation.VERSION_REGISTER,
                r -> r.model("nlp/bert").newVersion().content("w.bin", new byte[] {7}).register()));
        ops.put("read a version", Map.entry(Operation.VERSION_READ, r -> r.model("nlp/bert").version("1.0.0").info()));
        ops.put("update a version", Map.entry(Operation.VERSION_UPDATE,
                r -> r.model("nlp/bert").version("1.2.0").update(v -> v.description("x"))));
        ops.put("delete a version", Map.entry(Operation.VERSION_DELETE, r -> r.model("nlp/bert").version("1.2.0").delete()));
        ops.put("download a version", Map.entry(Operation.VERSION_DOWNLOAD,
                r -> r.model("nlp/bert").version("1.0.0").download(tmp.resolve("dl-" + System.nanoTime()))));
        ops.put("transition a version", Map.entry(Operation.VERSION_TRANSITION,
                r -> r.model("nlp/bert").version("1.2.0").transition(LifecycleState.STAGING, "eval")));
        ops.put("publish", Map.entry(Operation.POINTER_PUBLISH, r -> r.model("nlp/bert").version("1.2.0").publish("staging")));
        ops.put("roll back", Map.entry(Operation.POINTER_ROLLBACK, r -> r.model("nlp/bert").rollback("production", "bad")));
        ops.put("unpublish", Map.entry(Operation.POINTER_UNPUBLISH,
                r -> r.model("nlp/bert").version("1.1.0").unpublish("production")));
        ops.put("restore from archive", Map.entry(Operation.VERSION_RESTORE,
                r -> r.model("nlp/bert").version("0.9.0").restore("needed")));
        ops.put("grant a role", Map.entry(Operation.ACCESS_GRANT,
                r -> r.access().grant(Principal.user("newbie"), Role.VIEWER, Scope.model("nlp/bert"), null)));
        ops.put("verify the audit log", Map.entry(Operation.AUDIT_VERIFY, r -> r.audit().verify()));
        return ops;
    }

    @TestFactory
    Stream<DynamicTest> roleByOperation() {
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (String role : List.of("none", "viewer", "contributor", "publisher", "owner", "admin")) {
            Set<Permission> held = role.equals("none") ? EnumSet.noneOf(Permission.class)
                    : Role.builtIn(role).orElseThrow().permissions();
            for (var op : operations().entrySet()) {
                Operation operation = op.getValue().getKey();
                // grants are at the namespace nlp/: operations on the whole registry stay out of reach
                boolean global = operation == Operation.AUDIT_VERIFY;
                boolean allowed = held.contains(operation.permission()) && !global;
                Path dir = tmp.resolve("r" + n++);
                tests.add(dynamicTest(role + " may " + (allowed ? "" : "not ") + op.getKey(), () -> {
                    try (Fixture f = fixture(dir)) {
                        Principal p = Principal.user(role + "-user");
                        if (!role.equals("none")) {
                            f.access().grant(ROOT, p, Role.builtIn(role).orElseThrow(), Scope.namespace("nlp"), null);
                        }
                        ModelRegistry asUser = f.registry().as(p);
                        if (allowed) {
                            op.getValue().getValue().accept(asUser);
                        } else {
                            assertThatThrownBy(() -> op.getValue().getValue().accept(asUser))
                                    .isInstanceOf(AccessDeniedException.class)
                                    .hasMessageContaining(p.toString())
                                    .hasMessageContaining(operation.permission().name());
                        }
                        List<AuditRecord> last = f.registry().audit().query(AuditQuery.builder().newestFirst().limit(1).build());
                        if (allowed && !operation.auditedWhenAllowed()) {
                            assertThat(last).allSatisfy(r -> assertThat(r.event().principal()).isEqualTo(ROOT));
                        } else {
                            assertThat(last).hasSize(1);
                            assertThat(last.get(0).event().principal()).isEqualTo(p);
                            assertThat(last.get(0).event().action()).isEqualTo(operation.action());
                            assertThat(last.get(0).event().outcome())
                                    .isEqualTo(allowed ? AuditOutcome.ALLOWED : AuditOutcome.DENIED);
                        }
                        assertThat(f.registry().audit().verify().intact()).isTrue();
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    @DisplayName("listings show only the models a principal may read, and a group cannot act")
    void listingsAndGroups() {
        try (Fixture f = fixture(tmp.resolve("list"))) {
            f.registry().models().register("risk/fraud");
            Principal alice = Principal.user("alice");
            f.access().grant(ROOT, alice, Role.VIEWER, Scope.model("risk/fraud"), null);
            assertThat(f.registry().as(alice).models().list(ModelListing.all().withLimit(1)))
                    .extracting(Model::name).extracting(Object::toString).containsExactly("risk/fraud");
            assertThat(f.registry().models().list()).hasSize(3);
            assertThatThrownBy(() -> f.registry().as(Principal.group("ml"))).hasMessageContaining("group cannot act");
            assertThatThrownBy(() -> f.registry().as(alice).model("risk/fraud").version("1.0.0").approve("user:bob", "ok"))
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    @DisplayName("the local default acts as the owner with all rights, and audits what it does")
    void localOwnerIsAudited() {
        try (ModelRegistry local = ModelRegistry.local(tmp.resolve("local"))) {
            local.models().register("fraud");
            local.model("fraud").newVersion().version("1.0.0").register();
            List<AuditRecord> records = local.audit().query(AuditQuery.builder().build());
            assertThat(records).extracting(r -> r.event().action()).containsExactly("model.register", "version.register");
            assertThat(records.get(1).event().version()).isEqualTo("1.0.0");
            assertThat(local.audit().verify().intact()).isTrue();
        }
    }
}
