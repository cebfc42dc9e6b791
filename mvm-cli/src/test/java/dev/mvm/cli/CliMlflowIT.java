package dev.mvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvm.mlflow.MlflowTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mvm jar: metadata on a real MLflow tracking server")
class CliMlflowIT {
    static MlflowTestServer mlflow;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        mlflow = MlflowTestServer.start(false);
    }

    @AfterAll
    static void stopServer() {
        if (mlflow != null) {
            mlflow.close();
        }
    }

    /** @return what MLflow's own REST API answers for a GET */
    private static JsonNode mlflowGet(String path, String query) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(mlflow.uri() + "/api/2.0/mlflow/" + path + "?" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    private static String param(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("MLFLOW_TRACKING_URI selects MLflow: register, create, publish, list, search, download; MLflow sees the alias")
    void workflow() throws IOException, InterruptedException {
        String model = "fraud-" + UUID.randomUUID().toString().substring(0, 8);
        MvmProcess mvm = new MvmProcess(dir).env("MLFLOW_TRACKING_URI", mlflow.uri());
        Path file = Files.writeString(dir.resolve("model.txt"), "weights v1");

        mvm.run("models", "register", model, "--framework", "pytorch", "--tag", "team=risk").ok();
        mvm.run("versions", "create", model, file.toString(), "--version", "1.0.0", "--metric", "auc=0.91").ok();
        Files.writeString(file, "weights v2");
        JsonNode v2 = mvm.run("--json", "versions", "create", model, file.toString(), "--bump", "minor",
                "--metric", "auc=0.95").ok().json();
        assertThat(v2.get("ref").asText()).isEqualTo(model + "@1.1.0");
        mvm.run("transition", model + "@1.1.0", "staging").ok();
        assertThat(mvm.run("--json", "publish", model + "@1.1.0").ok().json().get("to").asText()).isEqualTo("1.1.0");

        JsonNode list = mvm.run("--json", "versions", "list", model).ok().json();
        assertThat(list).hasSize(2);
        assertThat(list.get(1).get("state").asText()).isEqualTo("PRODUCTION");
        JsonNode found = mvm.run("--json", "search", "--filter",
                "name = '" + model + "' AND metrics.auc > 0.9").ok().json();
        assertThat(found.get("total").asLong()).isEqualTo(1);

        mvm.run("versions", "download", model + "@production", "-o", "served").ok();
        assertThat(Files.readString(dir.resolve("served/model.txt"))).isEqualTo("weights v2");

        JsonNode alias = mlflowGet("registered-models/alias", "name=" + param(model) + "&alias=production");
        assertThat(alias.at("/model_version/version").asText()).isEqualTo("2");
        assertThat(alias.at("/model_version/source").asText()).isEqualTo("mvm://" + model + "/1.1.0");
        JsonNode registered = mlflowGet("registered-models/get", "name=" + param(model));
        assertThat(registered.at("/registered_model/tags").toString()).contains("\"team\"", "\"risk\"");
    }

    @Test
    @DisplayName("migrate --to-mlflow copies an embedded registry to MLflow; --mlflow serves it; a second run copies nothing")
    void migrateToMlflow() throws IOException {
        String model = "churn-" + UUID.randomUUID().toString().substring(0, 8);
        MvmProcess mvm = new MvmProcess(dir);
        Path file = Files.writeString(dir.resolve("model.txt"), "the model");
        mvm.run("models", "register", model).ok();
        mvm.run("versions", "create", model, file.toString(), "--version", "1.0.0").ok();
        mvm.run("transition", model + "@1.0.0", "staging").ok();
        mvm.run("publish", model + "@1.0.0").ok();

        JsonNode report = mvm.run("--json", "migrate", "--to-registry", "team", "--to-mlflow", mlflow.uri()).ok()
                .json();
        assertThat(report.at("/versions/copied").asLong()).isEqualTo(1);
        assertThat(report.at("/pointerMoves/copied").asLong()).isEqualTo(1);

        mvm.run("--registry", "team", "--mlflow", mlflow.uri(), "versions", "download", model + "@production",
                "-o", "served").ok();
        assertThat(Files.readString(dir.resolve("served/model.txt"))).isEqualTo("the model");
        JsonNode history = mvm.run("--json", "--registry", "team", "--mlflow", mlflow.uri(), "versions", "show",
                model + "@1.0.0").ok().json().get("stateHistory");
        assertThat(history).hasSize(2);
        assertThat(mvm.run("--json", "migrate", "--to-registry", "team", "--to-mlflow", mlflow.uri()).ok().json()
                .get("nothingCopied").asBoolean()).isTrue();
    }
}
