package dev.mvm.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.access.Grant;
import dev.mvm.api.access.GroupResolver;
import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.ModelName;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("AccessController")
class AccessControllerTest {
    static final Principal ROOT = Principal.user("root");
    static final Principal ALICE = Principal.user("alice");
    static final Principal BOB = Principal.user("bob");
    static final Principal CAROL = Principal.user("carol");
    static final Principal TRAINER = Principal.service("trainer");
    static final Principal NLP = Principal.group("nlp");
    static final ModelName BERT = ModelName.of("nlp/bert");
    static final ModelName GPT = ModelName.of("nlp/gpt");
    static final ModelName FRAUD = ModelName.of("risk/fraud");
    static final ModelName PLAIN = ModelName.of("plain");

    @TempDir
    Path dir;
    SqliteAccessPolicyStore store;
    TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    Map<Principal, Set<Principal>> memberships = new ConcurrentHashMap<>();
    AccessController access;

    @BeforeEach
    void open() {
        store = SqliteAccessPolicyStore.open(dir.resolve("access.db"));
        access = AccessController.rbac(store).clock(clock)
                .groups(p -> memberships.getOrDefault(p, Set.of())).build();
        access.grantAsSystem(ROOT, Role.ADMIN, Scope.global(), null);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Nested
    @DisplayName("checks")
    class Checks {
        @Test
        @DisplayName("with RBAC on, nothing is allowed without a grant")
        void nothingWithoutGrant() {
            for (Permission p : Permission.values()) {
                assertThat(access.isAllowed(ALICE, p, BERT)).as(p.name()).isFalse();
                assertThat(access.isAllowed(ALICE, p, Scope.global())).as(p.name()).isFalse();
            }
            assertThat(access.permissions(ALICE, Scope.model(BERT))).isEmpty();
        }

        @Test
        @DisplayName("the local owner mode allows everything to everyone and refuses to manage grants")
        void localOwner() {
            AccessController local = AccessController.localOwner();
            assertThat(local.enforcing()).isFalse();
            for (Permission p : Permission.values()) {
                assertThat(local.isAllowed(BOB, p, BERT)).isTrue();
                assertThat(local.isAllowed(BOB, p, Scope.global())).isTrue();
            }
            local.check(BOB, Permission.DELETE, BERT);
            assertThatThrownBy(() -> local.grant(ROOT, BOB, Role.VIEWER, Scope.global(), null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("local owner");
            assertThat(local.grants()).isEmpty();
        }

        @Test
        @DisplayName("a grant applies at its scope and every narrower one, never wider or beside")
        void scopeInheritance() {
            access.grant(ROOT, ALICE, Role.VIEWER, Scope.namespace("nlp"), null);
            access.grant(ROOT, BOB, Role.VIEWER, Scope.model(BERT), null);
            access.grant(ROOT, CAROL, Role.VIEWER, Scope.global(), null);

            assertThat(access.isAllowed(ALICE, Permission.READ, BERT)).isTrue();
            assertThat(access.isAllowed(ALICE, Permission.READ, GPT)).isTrue();
            assertThat(access.isAllowed(ALICE, Permission.READ, FRAUD)).isFalse();
            assertThat(access.isAllowed(ALICE, Permission.READ, PLAIN)).isFalse();
            assertThat(access.isAllowed(ALICE, Permission.READ, Scope.namespace("nlp"))).isTrue();
            assertThat(access.isAllowed(ALICE, Permission.READ, Scope.global())).isFalse();

            assertThat(access.isAllowed(BOB, Permission.READ, BERT)).isTrue();
            assertThat(access.isAllowed(BOB, Permission.READ, GPT)).isFalse();
            assertThat(access.isAllowed(BOB, Permission.READ, Scope.namespace("nlp"))).isFalse();

            for (ModelName m : List.of(BERT, GPT, FRAUD, PLAIN)) {
                assertThat(access.isAllowed(CAROL, Permission.READ, m)).isTrue();
                assertThat(access.isAllowed(CAROL, Permission.UPDATE, m)).isFalse();
            }
        }

        @Test
        @DisplayName("permissions from several grants add up, each at its own scope")
        void grantsAddUp() {
            access.grant(ROOT, ALICE, Role.VIEWER, Scope.global(), null);
            access.grant(ROOT, ALICE, Role.PUBLISHER, Scope.model(BERT), null);
            assertThat(access.permissions(ALICE, Scope.model(BERT))).isEqualTo(Role.PUBLISHER.permissions());
            assertThat(access.permissions(ALICE, Scope.model(GPT))).isEqualTo(Role.VIEWER.permissions());
            assertThat(access.isAllowed(ALICE, Permission.TRANSITION, BERT)).isTrue();
            assertThat(access.isAllowed(ALICE, Permission.TRANSITION, GPT)).isFalse();
        }

        @Test
        @DisplayName("a denial names the principal, the permission, the target and what the principal holds")
        void denialMessage() {
            access.grant(ROOT, ALICE, Role.VIEWER, Scope.namespace("nlp"), null);
            assertThatThrownBy(() -> access.check(ALICE, Permission.DELETE, BERT))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("user:alice").hasMessageContaining("DELETE")
                    .hasMessageContaining("model 'nlp/bert'").hasMessageContaining("holds [READ, DOWNLOAD]");
            assertThatThrownBy(() -> access.check(BOB, Permission.READ, Scope.global()))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("user:bob lacks READ on the whole registry")
                    .hasMessageContaining("no active grant");
        }
    }

    @Nested
    @DisplayName("expiry")
    class Expiry {
        @Test
        @DisplayName("a grant applies until its expiry on the injected clock, and the denial says it expired")
        void expires() {
            Grant g = access.grant(ROOT, ALICE, Role.CONTRIBUTOR, Scope.model(BERT),
                    clock.instant().plus(Duration.ofHours(1)));
            assertThat(access.isAllowed(ALICE, Permission.CREATE_VERSION, BERT)).isTrue();
            clock.advance(Duration.ofMinutes(59));
            assertThat(access.isAllowed(ALICE, Permission.CREATE_VERSION, BERT)).isTrue();
            clock.advance(Duration.ofMinutes(1));
            assertThat(access.isAllowed(ALICE, Permission.CREATE_VERSION, BERT)).isFalse();
            assertThat(access.permissions(ALICE, Scope.model(BERT))).isEmpty();
            assertThatThrownBy(() -> access.check(ALICE, Permission.CREATE_VERSION, BERT))
                    .hasMessageContaining("grant " + g.id()).hasMessageContaining("expired at 2026-01-01T01:00:00Z");
            assertThat(access.grants()).extracting(Grant::id).contains(g.id());
        }

        @Test
        @DisplayName("an expiry in the past is rejected")
        void pastExpiry() {
            assertThatThrownBy(() -> access.grant(ROOT, ALICE, Role.VIEWER, Scope.global(), clock.instant()))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("after now");
        }
    }

    @Nested
    @DisplayName("groups")
    class Groups {
        @Test
        @DisplayName("members get their groups' grants, as the resolver says now")
        void membersInherit() {
            access.grant(ROOT, NLP, Role.PUBLISHER, Scope.namespace("nlp"), null);
            assertThat(access.isAllowed(ALICE, Permission.TRANSITION, BERT)).isFalse();
            memberships.put(ALICE, Set.of(NLP));
            memberships.put(TRAINER, Set.of(NLP));
            assertThat(access.isAllowed(ALICE, Permission.TRANSITION, BERT)).isTrue();
            assertThat(access.isAllowed(TRAINER, Permission.CREATE_VERSION, GPT)).isTrue();
            assertThat(access.isAllowed(ALICE, Permission.TRANSITION, FRAUD)).isFalse();
            assertThat(access.permissions(ALICE, Scope.namespace("nlp"))).isEqualTo(Role.PUBLISHER.permissions());
            memberships.remove(ALICE);
            assertThat(access.isAllowed(ALICE, Permission.TRANSITION, BERT)).isFalse();
        }

        @Test
        @DisplayName("a denial lists the groups that were considered")
        void denialListsGroups() {
            memberships.put(ALICE, Set.of(NLP));
            assertThatThrownBy(() -> access.check(ALICE, Permission.READ, FRAUD))
                    .hasMessageContaining("[user:alice, group:nlp]");
        }
    }

    @Nested
    @DisplayName("delegation")
    class Delegation {
        @Test
        @DisplayName("an owner may grant within what it holds at that scope, and the chain is recorded")
        void withinOwnRights() {
            Grant owner = access.grant(ROOT, ALICE, Role.OWNER, Scope.namespace("nlp"), null);
            assertThat(owner.delegatedFrom()).isEqualTo(access.grantsOf(ROOT).get(0).id());
            Grant viewer = access.grant(ALICE, BOB, Role.VIEWER, Scope.model(BERT), null);
            assertThat(viewer.grantedBy()).isEqualTo(ALICE);
            assertThat(viewer.delegatedFrom()).isEqualTo(owner.id());
            assertThat(access.isAllowed(BOB, Permission.DOWNLOAD, BERT)).isTrue();
        }

        @Test
        @DisplayName("nobody may grant more than it holds, wider than it holds, or without MANAGE_PERMISSIONS")
        void limits() {
            access.grant(ROOT, ALICE, Role.OWNER, Scope.namespace("nlp"), null);
            access.grant(ROOT, BOB, Role.PUBLISHER, Scope.global(), null);
            assertThatThrownBy(() -> access.grant(ALICE, CAROL, Role.ADMIN, Scope.namespace("nlp"), null))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("user:alice cannot grant admin");
            assertThatThrownBy(() -> access.grant(ALICE, CAROL, Role.VIEWER, Scope.global(), null))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("at global");
            assertThatThrownBy(() -> access.grant(ALICE, CAROL, Role.VIEWER, Scope.model(FRAUD), null))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> access.grant(BOB, CAROL, Role.VIEWER, Scope.model(BERT), null))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("MANAGE_PERMISSIONS");
            assertThat(access.grantsOf(CAROL)).isEmpty();
        }

        @Test
        @DisplayName("the rights to grant must come from one grant, not from several added up")
        void oneSourceGrant() {
            store.defineRole(Role.of("manager", Set.of(Permission.MANAGE_PERMISSIONS)));
            access.refresh();
            access.grant(ROOT, ALICE, Role.of("manager", Set.of(Permission.MANAGE_PERMISSIONS)), Scope.global(), null);
            access.grant(ROOT, ALICE, Role.VIEWER, Scope.global(), null);
            assertThatThrownBy(() -> access.grant(ALICE, BOB, Role.VIEWER, Scope.global(), null))
                    .isInstanceOf(AccessDeniedException.class);
        }

        @Test
        @DisplayName("a delegated grant inherits its source's expiry and may not outlive it")
        void cannotOutliveSource() {
            Instant in1h = clock.instant().plus(Duration.ofHours(1));
            Grant owner = access.grant(ROOT, ALICE, Role.OWNER, Scope.namespace("nlp"), in1h);
            Grant inherited = access.grant(ALICE, BOB, Role.VIEWER, Scope.namespace("nlp"), null);
            assertThat(inherited.expiresAt()).isEqualTo(owner.expiresAt());
            assertThatThrownBy(() -> access.grant(ALICE, CAROL, Role.VIEWER, Scope.namespace("nlp"),
                    in1h.plusSeconds(1))).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("cannot outlive");
            clock.advance(Duration.ofHours(1));
            assertThatThrownBy(() -> access.grant(ALICE, CAROL, Role.VIEWER, Scope.namespace("nlp"), null))
                    .isInstanceOf(AccessDeniedException.class);
        }

        @Test
        @DisplayName("a group's grant can be the source, and members may delegate from it")
        void fromGroupGrant() {
            Grant groupOwner = access.grant(ROOT, NLP, Role.OWNER, Scope.namespace("nlp"), null);
            memberships.put(ALICE, Set.of(NLP));
            Grant g = access.grant(ALICE, TRAINER, Role.CONTRIBUTOR, Scope.namespace("nlp"), null);
            assertThat(g.delegatedFrom()).isEqualTo(groupOwner.id());
        }

        @Test
        @DisplayName("revoking a grant revokes everything delegated from it, transitively, and nothing else")
        void cascadingRevocation() {
            Grant a = access.grant(ROOT, ALICE, Role.OWNER, Scope.namespace("nlp"), null);
            Grant b = access.grant(ALICE, BOB, Role.OWNER, Scope.model(BERT), null);
            Grant c = access.grant(BOB, CAROL, Role.VIEWER, Scope.model(BERT), null);
            Grant unrelated = access.grant(ROOT, TRAINER, Role.CONTRIBUTOR, Scope.namespace("nlp"), null);
            Grant sibling = access.grant(ALICE, TRAINER, Role.VIEWER, Scope.model(GPT), null);

            List<Grant> revoked = access.revoke(ROOT, b.id());
            assertThat(revoked).extracting(Grant::id).containsExactly(b.id(), c.id());
            assertThat(access.isAllowed(CAROL, Permission.READ, BERT)).isFalse();
            assertThat(access.isAllowed(BOB, Permission.READ, BERT)).isFalse();
            assertThat(access.grants()).extracting(Grant::id).contains(a.id(), unrelated.id(), sibling.id())
                    .doesNotContain(b.id(), c.id());

            assertThat(access.revoke(ROOT, a.id())).extracting(Grant::id).containsExactly(a.id(), sibling.id());
            assertThat(access.grants()).extracting(Grant::id).contains(unrelated.id());
            assertThatThrownBy(() -> access.revoke(ROOT, a.id())).isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("a grant may be revoked by its grantor or by someone who could have made it")
        void whoMayRevoke() {
            Grant alice = access.grant(ROOT, ALICE, Role.OWNER, Scope.namespace("nlp"), null);
            Grant bobsGrant = access.grant(ROOT, BOB, Role.OWNER, Scope.model(BERT), null);
            Grant byBob = access.grant(BOB, CAROL, Role.VIEWER, Scope.model(BERT), null);
            Grant admin = access.grant(ROOT, TRAINER, Role.ADMIN, Scope.namespace("nlp"), null);
            assertThatThrownBy(() -> access.revoke(CAROL, byBob.id())).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("user:carol cannot revoke grant " + byBob.id());
            assertThatThrownBy(() -> access.revoke(ALICE, admin.id())).isInstanceOf(AccessDeniedException.class);
            assertThat(access.revoke(ALICE, byBob.id())).hasSize(1);
            assertThat(access.revoke(BOB, bobsGrant.id())).hasSize(1);
            assertThat(access.grants()).extracting(Grant::id).contains(alice.id(), admin.id());
        }

        @Test
        @DisplayName("a delegation racing with the revocation of its source is refused by the store")
        void raceWithRevocation() {
            Grant a = access.grant(ROOT, ALICE, Role.OWNER, Scope.namespace("nlp"), null);
            AccessController other = AccessController.rbac(store).clock(clock).refreshInterval(Duration.ofDays(1))
                    .build();
            access.revoke(ROOT, a.id());
            assertThat(other.isAllowed(ALICE, Permission.MANAGE_PERMISSIONS, BERT)).as("stale index").isTrue();
            assertThatThrownBy(() -> other.grant(ALICE, BOB, Role.VIEWER, Scope.model(BERT), null))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("has been revoked");
            assertThat(other.isAllowed(ALICE, Permission.MANAGE_PERMISSIONS, BERT)).isFalse();
        }
    }

    @Nested
    @DisplayName("custom roles and refresh")
    class RolesAndRefresh {
        @Test
        @DisplayName("a custom role is defined by an administrator, then granted like any other")
        void customRole() {
            Role auditor = Role.of("auditor", EnumSet.of(Permission.READ, Permission.READ_AUDIT));
            assertThatThrownBy(() -> access.grant(ROOT, ALICE, auditor, Scope.global(), null))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("not defined");
            assertThatThrownBy(() -> access.defineRole(ALICE, auditor)).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("ADMINISTER");
            access.defineRole(ROOT, auditor);
            access.grant(ROOT, ALICE, auditor, Scope.global(), null);
            assertThat(access.isAllowed(ALICE, Permission.READ_AUDIT, Scope.global())).isTrue();
            assertThat(access.isAllowed(ALICE, Permission.DOWNLOAD, BERT)).isFalse();
            assertThatThrownBy(() -> access.defineRole(ROOT, Role.of("auditor", EnumSet.of(Permission.READ))))
                    .isInstanceOf(ConflictException.class);
        }

        @Test
        @DisplayName("another controller on the same store sees changes at its next refresh")
        void refreshSeesOtherWriters() {
            AccessController other = AccessController.rbac(SqliteAccessPolicyStore.open(dir.resolve("access.db")))
                    .clock(clock).refreshInterval(Duration.ZERO).build();
            AccessController lazy = AccessController.rbac(store).clock(clock).refreshInterval(Duration.ofDays(1))
                    .build();
            Grant g = access.grant(ROOT, ALICE, Role.VIEWER, Scope.global(), null);
            assertThat(other.isAllowed(ALICE, Permission.READ, BERT)).isTrue();
            assertThat(lazy.isAllowed(ALICE, Permission.READ, BERT)).isFalse();
            lazy.refresh();
            assertThat(lazy.isAllowed(ALICE, Permission.READ, BERT)).isTrue();
            access.revoke(ROOT, g.id());
            assertThat(other.isAllowed(ALICE, Permission.READ, BERT)).isFalse();
        }

        @Test
        @DisplayName("checks stay correct with 10,000 grants")
        void manyGrants() {
            Map<Principal, ModelName> last = new HashMap<>();
            List<Grant> bulk = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                bulk.add(new Grant("bulk-" + i, Principal.user("u" + i), Role.VIEWER, Scope.model("m" + i),
                        ROOT, clock.instant(), null, null));
            }
            for (int i = 0; i < 9_900; i++) {
                Principal p = Principal.user("u" + (i % 1000));
                ModelName m = ModelName.of("ns" + (i % 50) + "/m" + i);
                last.put(p, m);
                bulk.add(new Grant("g-" + i, p, Role.CONTRIBUTOR, Scope.model(m), ROOT, clock.instant(), null, null));
            }
            store.addGrants(bulk);
            access.refresh();
            assertThat(access.grants()).hasSize(10_001);
            last.forEach((p, m) -> {
                assertThat(access.isAllowed(p, Permission.CREATE_VERSION, m)).isTrue();
                assertThat(access.isAllowed(p, Permission.DELETE, m)).isFalse();
            });
            assertThat(access.isAllowed(Principal.user("u1"), Permission.READ, ModelName.of("m1"))).isTrue();
            assertThat(access.isAllowed(Principal.user("u1"), Permission.READ, ModelName.of("m2"))).isFalse();
            assertThat(access.isAllowed(Principal.user("u1"), Permission.READ, ModelName.of("ns1/m1"))).isTrue();
            assertThat(access.isAllowed(Principal.user("u1"), Permission.READ, ModelName.of("ns2/m2"))).isFalse();
        }
    }
}
