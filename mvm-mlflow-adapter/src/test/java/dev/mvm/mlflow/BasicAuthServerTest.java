package dev.mvm.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Role;
import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.error.ConflictException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Credentials and permission errors against a real {@code mlflow server --app-name basic-auth}. */
@DisplayName("MLflow's basic-auth app")
class BasicAuthServerTest {
    private static MlflowTestServer server;

    @BeforeAll
    static void start() {
        server = MlflowTestServer.start(true);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Model model(ModelName name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return Model.builder(UUID.randomUUID().toString(), name).owner("user:admin").createdAt(now).updatedAt(now)
                .build();
    }

    private static ModelName unique(String stem) {
        return ModelName.of(stem + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static void createUser(String user, String password) throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString(("admin:" + MlflowTestServer.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.uri() + "/api/2.0/mlflow/users/create"))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\""
                        + password + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("create user: %s", r.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("MLFLOW_TRACKING_USERNAME/PASSWORD from the environment authenticate with Basic auth")
    void basicFromEnvironment() {
        ModelName name = unique("auth-env");
        try (MlflowRegistryStore store = MlflowRegistryStore.builder().environment(Map.of(
                "MLFLOW_TRACKING_URI", server.uri(),
                "MLFLOW_TRACKING_USERNAME", "admin",
                "MLFLOW_TRACKING_PASSWORD", MlflowTestServer.ADMIN_PASSWORD)).build()) {
            Model created = store.createModel(model(name));
            assertThat(store.findModel(name)).contains(created);
        }
    }

    @Test
    @DisplayName("a wrong password is access denied (HTTP 401), with MLflow's answer as the cause, not retried")
    void wrongPassword() {
        try (MlflowRegistryStore store = MlflowRegistryStore.builder().trackingUri(server.uri())
                .basicAuth("admin", "not-the-password").build()) {
            int before = store.requestCount();
            assertThatThrownBy(() -> store.findModel(unique("any")))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("401")
                    .hasMessageNotContaining("not-the-password")
                    .cause().isInstanceOf(MlflowServerException.class)
                    .satisfies(c -> assertThat(((MlflowServerException) c).httpStatus()).isEqualTo(401));
            assertThat(store.requestCount() - before).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a user without EDIT on a registered model gets AccessDeniedException (HTTP 403) on writes")
    void forbiddenWrite() throws Exception {
        ModelName name = unique("auth-403");
        String user = "reader" + UUID.randomUUID().toString().substring(0, 6);
        createUser(user, "reader-password-1");
        Model created;
        try (MlflowRegistryStore admin = MlflowRegistryStore.builder().trackingUri(server.uri())
                .basicAuth("admin", MlflowTestServer.ADMIN_PASSWORD).build()) {
            created = admin.createModel(model(name));
        }
        try (MlflowRegistryStore reader = MlflowRegistryStore.builder().trackingUri(server.uri())
                .basicAuth(user, "reader-password-1").build()) {
            assertThatThrownBy(() -> reader.updateModel(created.toBuilder().description("mine now").build()))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("403")
                    .cause().isInstanceOf(MlflowServerException.class)
                    .satisfies(c -> assertThat(((MlflowServerException) c).httpStatus()).isEqualTo(403))
                    .satisfies(c -> assertThat(((MlflowServerException) c).serverMessage()).isNotBlank());
        }
    }

    @Test
    @DisplayName("grants map to MLflow's per-model permissions: READ reads, EDIT updates, revoke falls back")
    void grantsOnRegisteredModels() throws Exception {
        ModelName name = ModelName.of("team/" + unique("perm"));
        String user = "editor" + UUID.randomUUID().toString().substring(0, 6);
        createUser(user, "editor-password-1");
        try (MlflowRegistryStore admin = MlflowRegistryStore.builder().trackingUri(server.uri())
                .basicAuth("admin", MlflowTestServer.ADMIN_PASSWORD).build();
                MlflowRegistryStore other = MlflowRegistryStore.builder().trackingUri(server.uri())
                        .basicAuth(user, "editor-password-1").build()) {
            Model created = admin.createModel(model(name));
            MlflowPermissions permissions = admin.permissions();

            permissions.grant(user, name, Permission.DOWNLOAD);
            assertThat(permissions.permission(user, name)).isEqualTo(MlflowPermissions.Level.READ);
            assertThat(other.findModel(name)).contains(created);
            assertThatThrownBy(() -> other.updateModel(created.toBuilder().description("edited").build()))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("403");
            assertThat(other.findModel(name)).contains(created);

            permissions.grant(user, name, Permission.UPDATE);   // replaces the READ grant
            assertThat(permissions.permission(user, name)).isEqualTo(MlflowPermissions.Level.EDIT);
            Model edited = other.updateModel(created.toBuilder().description("edited").build());
            assertThat(admin.findModel(name)).contains(edited);
            assertThat(edited.description()).isEqualTo("edited");
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            ModelVersion v1 = other.createVersion(ModelVersion.builder(name, SemanticVersion.of(1, 0, 0))
                    .createdAt(now).updatedAt(now).build());
            // EDIT may create but not delete versions: a duplicate is still a conflict, its copy stays hidden.
            assertThatThrownBy(() -> other.createVersion(ModelVersion.builder(name, SemanticVersion.parse("1.0.0+b2"))
                    .createdAt(now).updatedAt(now).build())).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("1.0.0");
            assertThat(other.listVersions(name)).containsExactly(v1);
            assertThat(admin.listVersions(name)).as("the admin sees the first version only").containsExactly(v1);
            assertThatThrownBy(() -> other.permissions().grant("admin", name, Permission.READ))
                    .as("EDIT does not allow managing permissions").isInstanceOf(AccessDeniedException.class);

            assertThat(permissions.revoke(user, name)).isTrue();
            assertThat(permissions.revoke(user, name)).as("nothing left to revoke").isFalse();
            assertThat(permissions.permission(user, name)).as("the server's default_permission")
                    .isEqualTo(MlflowPermissions.Level.READ);
            assertThatThrownBy(() -> other.updateModel(edited.toBuilder().description("again").build()))
                    .isInstanceOf(AccessDeniedException.class);

            permissions.grant(user, name, Role.OWNER);
            assertThat(permissions.permission(user, name)).isEqualTo(MlflowPermissions.Level.MANAGE);
            other.deleteModel(name, admin.findModel(name).orElseThrow().revision());
            assertThat(admin.findModel(name)).isEmpty();
        }
    }

    @Test
    @DisplayName("MVM permissions and roles map to the narrowest MLflow level that allows them")
    void levelMapping() {
        assertThat(MlflowPermissions.Level.of(Permission.READ)).isEqualTo(MlflowPermissions.Level.READ);
        assertThat(MlflowPermissions.Level.of(Permission.DOWNLOAD)).isEqualTo(MlflowPermissions.Level.READ);
        assertThat(MlflowPermissions.Level.of(Permission.CREATE_VERSION)).isEqualTo(MlflowPermissions.Level.EDIT);
        assertThat(MlflowPermissions.Level.of(Permission.TRANSITION)).isEqualTo(MlflowPermissions.Level.EDIT);
        assertThat(MlflowPermissions.Level.of(Permission.DELETE)).isEqualTo(MlflowPermissions.Level.MANAGE);
        assertThat(MlflowPermissions.Level.of(Permission.MANAGE_PERMISSIONS)).isEqualTo(MlflowPermissions.Level.MANAGE);
        assertThat(MlflowPermissions.Level.of(Role.VIEWER)).isEqualTo(MlflowPermissions.Level.READ);
        assertThat(MlflowPermissions.Level.of(Role.PUBLISHER)).isEqualTo(MlflowPermissions.Level.EDIT);
        assertThat(MlflowPermissions.Level.of(Role.OWNER)).isEqualTo(MlflowPermissions.Level.MANAGE);
        assertThat(MlflowPermissions.Level.EDIT.allows(Permission.UPDATE)).isTrue();
        assertThat(MlflowPermissions.Level.EDIT.allows(Permission.DELETE)).isFalse();
        assertThat(MlflowPermissions.Level.DENY.allows(Permission.READ)).isFalse();
        assertThatThrownBy(() -> {
            try (MlflowRegistryStore s = MlflowRegistryStore.builder().trackingUri(server.uri()).build()) {
                s.permissions().grant("anyone", ModelName.of("m"), MlflowPermissions.Level.DENY);
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("revoke");
    }
}
