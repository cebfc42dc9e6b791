package dev.mvm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvm.ModelRegistry;
import dev.mvm.access.AccessController;
import dev.mvm.access.SqliteAccessPolicyStore;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer tokens, RBAC through registry.as(principal), and the audit trail seen over HTTP. */
@DisplayName("Authentication, access control and audit")
class AuthenticationTest {
    private static final String ADMIN = "admin-token-0123456789";
    private static final String VIEWER = "viewer-token-0123456789";
    private static final String ALICE = "alice-token-0123456789";

    @TempDir
    Path tmp;
    private SqliteAccessPolicyStore policies;
    private ModelRegistry registry;
    private MvmHttpServer server;
    private RestClient anonymous;

    @BeforeEach
    void start() {
        policies = SqliteAccessPolicyStore.open(tmp.resolve("access.db"));
        AccessController access = AccessController.rbac(policies).build();
        access.grantAsSystem(Principal.user("admin"), Role.ADMIN, Scope.global(), null);
        access.grantAsSystem(Principal.user("viewer"), Role.VIEWER, Scope.global(), null);
        registry = ModelRegistry.builder().directory(tmp.resolve("registry")).principal(Principal.service("rest"))
                .accessControl(access).build();
        server = MvmHttpServer.builder(registry).authenticator(BearerTokenAuthenticator.of(Map.of(
                ADMIN, Principal.user("admin"), VIEWER, Principal.user("viewer"), ALICE, Principal.user("alice"))))
                .build();
        anonymous = new RestClient("http://127.0.0.1:" + server.port(), null);
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
        policies.close();
    }

    @Test
    @DisplayName("no token or an unknown token is 401 UNAUTHENTICATED with WWW-Authenticate; the API document is public")
    void unauthenticated() {
        RestClient.Reply none = anonymous.get("/api/v1/models");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(anonymous.withToken("not-a-known-token-at-all").get("/api/v1/models").status()).isEqualTo(401);
        assertThat(anonymous.withToken(ADMIN.substring(1)).get("/api/v1/models").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/openapi.json").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("a principal without the permission gets 403 ACCESS_DENIED; the audit trail names who did what")
    void rbacAndAudit() {
        RestClient admin = anonymous.withToken(ADMIN);
        RestClient viewer = anonymous.withToken(VIEWER);
        RestClient.Reply denied = viewer.post("/api/v1/models", "{\"name\": \"fraud\"}");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errorCode()).isEqualTo("ACCESS_DENIED");
        assertThat(denied.json().path("error").path("message").asText()).contains("user:viewer");
        assertThat(admin.post("/api/v1/models", "{\"name\": \"fraud\"}").status()).isEqualTo(201);
        assertThat(viewer.get("/api/v1/models/fraud").status()).isEqualTo(200);
        assertThat(viewer.get("/api/v1/audit").status()).as("reading the audit needs READ_AUDIT").isEqualTo(403);

        JsonNode records = admin.get("/api/v1/audit?model_id=fraud&limit=100").json().path("records");
        List<String> seen = new ArrayList<>();
        records.forEach(r -> seen.add(r.path("principal").asText() + " " + r.path("action").asText() + " "
                + r.path("outcome").asText()));
        assertThat(seen).contains("user:viewer model.register denied", "user:admin model.register allowed");
        assertThat(admin.get("/api/v1/audit?principal=user:viewer&outcome=denied").json().path("records"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.path("principal").asText()).isEqualTo("user:viewer"));
        assertThat(registry.as(Principal.user("admin")).audit().query(dev.mvm.api.audit.AuditQuery.builder().principal(Principal.user("admin"))
                .build())).anySatisfy(r -> assertThat(r.event().action()).isEqualTo("model.register"));
    }

    @Test
    @DisplayName("grants made over HTTP take effect, and revoking them takes them away")
    void grants() {
        RestClient admin = anonymous.withToken(ADMIN);
        RestClient alice = anonymous.withToken(ALICE);
        admin.post("/api/v1/models", "{\"name\": \"fraud\"}");
        assertThat(alice.get("/api/v1/models/fraud").status()).isEqualTo(403);

        RestClient.Reply granted = admin.post("/api/v1/grants",
                "{\"principal\": \"user:alice\", \"role\": \"publisher\", \"scope\": \"model:fraud\"}");
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        String id = granted.json().path("grant_id").asText();
        assertThat(granted.json().path("granted_by").asText()).isEqualTo("user:admin");
        assertThat(alice.get("/api/v1/models/fraud").status()).isEqualTo(200);
        assertThat(alice.post("/api/v1/models/fraud/versions", "{\"version\": \"1.0.0\"}").status()).isEqualTo(201);
        assertThat(alice.get("/api/v1/grants").json().path("grants")).extracting(g -> g.path("role").asText())
                .containsExactly("publisher");
        assertThat(alice.get("/api/v1/grants?principal=user:viewer").status()).isEqualTo(403);
        RestClient.Reply badRole = admin.post("/api/v1/grants", "{\"principal\": \"user:alice\", \"role\": \"king\"}");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().path("error").path("message").asText()).contains("viewer", "admin");

        RestClient.Reply revoked = admin.delete("/api/v1/grants/" + id);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("revoked").get(0).path("grant_id").asText()).isEqualTo(id);
        assertThat(alice.get("/api/v1/models/fraud").status()).isEqualTo(403);
    }

    @Test
    @DisplayName("tokens must be long, principals may not be groups, and a public address needs an authenticator")
    void configuration() {
        assertThatThrownBy(() -> BearerTokenAuthenticator.of(Map.of("short", Principal.user("a"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16");
        assertThatThrownBy(() -> BearerTokenAuthenticator.of(Map.of(ADMIN, Principal.group("ops"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group");
        assertThat(BearerTokenAuthenticator.of(Map.of(ADMIN, Principal.user("a"))).toString()).doesNotContain(ADMIN);
        assertThatThrownBy(() -> MvmHttpServer.builder(registry).bindAddress(InetAddress.getByAddress(new byte[4]))
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("authenticator");
    }
}
