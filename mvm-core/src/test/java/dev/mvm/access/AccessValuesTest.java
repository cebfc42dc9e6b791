package dev.mvm.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.access.GroupResolver;
import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.ModelName;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Principals, roles and scopes")
class AccessValuesTest {

    @Test
    @DisplayName("principals round-trip through their text form")
    void principalsParse() {
        assertThat(Principal.parse("user:alice@example.com")).isEqualTo(Principal.user("alice@example.com"));
        assertThat(Principal.parse("group:ml-platform")).isEqualTo(Principal.group("ml-platform"));
        assertThat(Principal.parse("service:trainer").toString()).isEqualTo("service:trainer");
        assertThat(Principal.user("Alice")).isNotEqualTo(Principal.user("alice"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "robot:x", "user:", "user:has space", "user:-dash", "team:x", ":x", "user:a:b"})
    @DisplayName("invalid principals are rejected with a message naming them")
    void invalidPrincipals(String text) {
        assertThatThrownBy(() -> Principal.parse(text)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Invalid");
    }

    @Test
    @DisplayName("built-in roles nest: each includes the one before")
    void rolesNest() {
        List<Role> roles = Role.builtIns();
        for (int i = 1; i < roles.size(); i++) {
            assertThat(roles.get(i).permissions()).containsAll(roles.get(i - 1).permissions())
                    .hasSizeGreaterThan(roles.get(i - 1).permissions().size());
        }
        assertThat(Role.ADMIN.permissions()).isEqualTo(EnumSet.allOf(Permission.class));
        assertThat(Role.VIEWER.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.DOWNLOAD);
        assertThat(Role.OWNER.allows(Permission.ADMINISTER)).isFalse();
        assertThat(Role.builtIn("publisher")).contains(Role.PUBLISHER);
        assertThat(Role.PUBLISHER.isBuiltIn()).isTrue();
    }

    @Test
    @DisplayName("custom roles need a free name and at least one permission")
    void customRoles() {
        Role auditor = Role.of("auditor", Set.of(Permission.READ, Permission.READ_AUDIT));
        assertThat(auditor.isBuiltIn()).isFalse();
        assertThat(auditor.bits()).isEqualTo(Permission.READ.bit() | Permission.READ_AUDIT.bit());
        assertThatThrownBy(() -> Role.of("owner", Set.of(Permission.READ))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("built-in");
        assertThatThrownBy(() -> Role.of("empty", Set.of())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("no permissions");
        assertThatThrownBy(() -> Role.of("Bad Name", Set.of(Permission.READ))).isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("scopes cover models by inheritance: global, namespace, model")
    void scopesCover() {
        ModelName bert = ModelName.of("nlp/bert");
        ModelName plain = ModelName.of("nlpx");
        assertThat(Scope.global().covers(bert)).isTrue();
        assertThat(Scope.namespace("nlp").covers(bert)).isTrue();
        assertThat(Scope.namespace("nlp").covers(plain)).isFalse();
        assertThat(Scope.namespace("nl").covers(bert)).isFalse();
        assertThat(Scope.model("nlp/bert").covers(bert)).isTrue();
        assertThat(Scope.model("nlp/bert").covers(ModelName.of("nlp/bert2"))).isFalse();

        assertThat(Scope.global().contains(Scope.namespace("nlp"))).isTrue();
        assertThat(Scope.namespace("nlp").contains(Scope.model("nlp/bert"))).isTrue();
        assertThat(Scope.namespace("nlp").contains(Scope.global())).isFalse();
        assertThat(Scope.model("nlp/bert").contains(Scope.namespace("nlp"))).isFalse();
        assertThat(Scope.model("nlp/bert").andWider())
                .containsExactly(Scope.model("nlp/bert"), Scope.namespace("nlp"), Scope.global());
        assertThat(Scope.model("fraud").andWider()).containsExactly(Scope.model("fraud"), Scope.global());
    }

    @Test
    @DisplayName("scopes round-trip through their text form and reject bad names")
    void scopesParse() {
        for (Scope s : List.of(Scope.global(), Scope.namespace("nlp"), Scope.model("nlp/bert"))) {
            assertThat(Scope.parse(s.toString())).isEqualTo(s);
        }
        assertThatThrownBy(() -> Scope.namespace("a/b")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> Scope.parse("team:x")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Scope.model("../x")).isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("a fixed group table resolves members and refuses non-groups")
    void groupTable() {
        Principal alice = Principal.user("alice");
        GroupResolver groups = GroupResolver.of(Map.of(alice, Set.of(Principal.group("nlp"))));
        assertThat(groups.groupsOf(alice)).containsExactly(Principal.group("nlp"));
        assertThat(groups.groupsOf(Principal.user("bob"))).isEmpty();
        assertThatThrownBy(() -> GroupResolver.of(Map.of(alice, Set.of(Principal.user("bob")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a group");
    }
}
