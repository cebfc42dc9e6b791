package dev.mvm.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.access.Grant;
import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SqliteAccessPolicyStore")
class SqliteAccessPolicyStoreTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00.123456Z");
    static final Principal ROOT = Principal.user("root");

    @TempDir
    Path dir;

    static Grant grant(String id, String principal, Role role, Scope scope, String from) {
        return new Grant(id, Principal.parse(principal), role, scope, ROOT, T, T.plusSeconds(60), from);
    }

    @Test
    @DisplayName("grants and roles survive reopening unchanged, and every change moves the policy version")
    void persists() {
        Path file = dir.resolve("access.db");
        Role auditor = Role.of("auditor", Set.of(Permission.READ, Permission.READ_AUDIT));
        Grant a = grant("a", "group:nlp", Role.OWNER, Scope.namespace("nlp"), null);
        Grant b = grant("b", "service:trainer", auditor, Scope.model("nlp/bert"), "a");
        long v0;
        try (SqliteAccessPolicyStore store = SqliteAccessPolicyStore.open(file)) {
            v0 = store.policyVersion();
            store.defineRole(auditor);
            store.addGrant(a);
            store.addGrant(b);
            assertThat(store.policyVersion()).isEqualTo(v0 + 3);
            assertThat(store.defineRole(auditor)).isEqualTo(auditor);
            assertThat(store.policyVersion()).as("defining the same role again changes nothing").isEqualTo(v0 + 3);
        }
        try (SqliteAccessPolicyStore store = SqliteAccessPolicyStore.open(file)) {
            assertThat(store.grants()).containsExactly(a, b);
            assertThat(store.findGrant("b")).contains(b);
            assertThat(store.findGrant("zzz")).isEmpty();
            assertThat(store.roles()).containsExactly(auditor);
            assertThat(store.policyVersion()).isEqualTo(v0 + 3);
        }
    }

    @Test
    @DisplayName("two stores on one file see each other's changes through the policy version")
    void sharedFile() {
        Path file = dir.resolve("access.db");
        try (SqliteAccessPolicyStore one = SqliteAccessPolicyStore.open(file);
                SqliteAccessPolicyStore two = SqliteAccessPolicyStore.open(file)) {
            long before = two.policyVersion();
            one.addGrant(grant("a", "user:alice", Role.VIEWER, Scope.global(), null));
            assertThat(two.policyVersion()).isGreaterThan(before);
            assertThat(two.grants()).extracting(Grant::id).containsExactly("a");
        }
    }

    @Test
    @DisplayName("duplicate ids, revoked sources and undefined or redefined roles are refused")
    void refusals() {
        try (SqliteAccessPolicyStore store = SqliteAccessPolicyStore.open(dir.resolve("access.db"))) {
            store.addGrant(grant("a", "user:alice", Role.OWNER, Scope.global(), null));
            assertThatThrownBy(() -> store.addGrant(grant("a", "user:bob", Role.VIEWER, Scope.global(), null)))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("already exists");
            assertThatThrownBy(() -> store.addGrant(grant("b", "user:bob", Role.VIEWER, Scope.global(), "gone")))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("has been revoked");
            Role custom = Role.of("custom", Set.of(Permission.READ));
            assertThatThrownBy(() -> store.addGrant(grant("c", "user:bob", custom, Scope.global(), null)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("not defined");
            store.defineRole(custom);
            assertThatThrownBy(() -> store.defineRole(Role.of("custom", Set.of(Permission.DELETE))))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("never change");
            assertThatThrownBy(() -> store.defineRole(new Role("viewer", Set.of(Permission.READ))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("built-in");
            assertThatThrownBy(() -> store.addGrants(List.of(grant("d", "user:bob", Role.VIEWER, Scope.global(), null),
                    grant("d", "user:carol", Role.VIEWER, Scope.global(), null)))).isInstanceOf(ConflictException.class);
            assertThat(store.findGrant("d")).as("a failed bulk add stores nothing").isEmpty();
            assertThatThrownBy(() -> store.revokeGrant("nope")).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    @DisplayName("revocation removes the delegation tree below the grant in one step")
    void revokeTree() {
        try (SqliteAccessPolicyStore store = SqliteAccessPolicyStore.open(dir.resolve("access.db"))) {
            store.addGrants(List.of(grant("root", "user:a", Role.ADMIN, Scope.global(), null),
                    grant("x", "user:b", Role.OWNER, Scope.global(), "root"),
                    grant("y", "user:c", Role.OWNER, Scope.global(), "x"),
                    grant("z", "user:d", Role.VIEWER, Scope.global(), "y"),
                    grant("w", "user:e", Role.VIEWER, Scope.global(), "root")));
            assertThat(store.revokeGrant("x")).extracting(Grant::id).containsExactly("x", "y", "z");
            assertThat(store.grants()).extracting(Grant::id).containsExactly("root", "w");
        }
    }

    @Test
    @DisplayName("a database from a newer schema is refused")
    void newerSchema() throws SQLException {
        Path file = dir.resolve("access.db");
        SqliteAccessPolicyStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO schema_version (version, applied_at) VALUES (7, 'later')");
        }
        assertThatThrownBy(() -> SqliteAccessPolicyStore.open(file)).isInstanceOf(StorageException.class)
                .hasMessageContaining("schema version 7");
    }
}
