package dev.mvm.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.mvm.ModelRegistry;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.s3.Layout;
import dev.mvm.s3.S3ArtifactStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * MLflow itself loads {@code models:/<name>@production} for a model registered through MVM: the model directory
 * is written by MLflow's {@code mlflow.pyfunc.save_model}, registered with the facade into S3 (S3Mock on
 * loopback) in the version-tree layout, with the MLflow version's {@code source} pointing at that tree, and
 * published; then MLflow's Python client resolves the alias, downloads the files with boto3 and predicts.
 */
@DisplayName("MLflow loads a model registered through MVM from S3")
@ExtendWith(MlflowServerExtension.class)
class MlflowLoadsMvmModelTest {
    private static final String SAVE = String.join("\n",
            "import sys",
            "import mlflow.pyfunc",
            "class Doubler(mlflow.pyfunc.PythonModel):",
            "    def predict(self, context, model_input, params=None):",
            "        return model_input * 2",
            "mlflow.pyfunc.save_model(sys.argv[1], python_model=Doubler(), pip_requirements=[])");
    private static final String LOAD = String.join("\n",
            "import sys",
            "import pandas as pd",
            "import mlflow.pyfunc",
            "model = mlflow.pyfunc.load_model(sys.argv[1])",
            "print('PREDICTED ' + ' '.join(str(int(v)) for v in model.predict(pd.DataFrame({'x': [1, 2, 3]}))['x']))");

    @TempDir
    Path tmp;

    @Test
    @DisplayName("mlflow.pyfunc.load_model('models:/<name>@production') loads and predicts")
    void pyfuncLoadsProduction() throws Exception {
        S3MockExtension s3mock = S3MockExtension.builder().silent().withHttpPort(0).withSecureConnection(false)
                .build();
        s3mock.start();
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + s3mock.getHttpPort());
            String bucket = "models-" + UUID.randomUUID().toString().substring(0, 8);
            try (S3Client raw = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true)
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build()) {
                raw.createBucket(b -> b.bucket(bucket));
            }
            Path modelDir = tmp.resolve("doubler");
            python(List.of("-c", SAVE, modelDir.toString()), Map.of());
            assertThat(modelDir.resolve("MLmodel")).exists();
            assertThat(modelDir.resolve("python_model.pkl")).exists();

            String name = "doubler-" + UUID.randomUUID().toString().substring(0, 8);
            MlflowRegistryStore mlflow = MlflowRegistryStore.builder().trackingUri(MlflowServerExtension.uri())
                    .versionSource(v -> "s3://" + bucket + "/registry/" + v.model() + "/" + v.version()).build();
            S3ArtifactStore s3 = S3ArtifactStore.builder().bucket(bucket).endpoint(endpoint).pathStyle(true)
                    .region("us-east-1").credentials("test", "test").prefix("registry").layout(Layout.VERSION_TREE)
                    .build();
            try (ModelRegistry registry = ModelRegistry.builder().directory(tmp.resolve("meta")).registryStore(mlflow)
                    .artifactStore(s3).build()) {
                registry.models().register(name);
                registry.model(name).newVersion().version("1.0.0").files(modelDir).register();
                registry.model(name).version("1.0.0").transition(LifecycleState.STAGING, "tested");
                registry.model(name).version("1.0.0").publish();
            }

            Path awsConfig = tmp.resolve("aws-config");
            Files.writeString(awsConfig, "[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n");
            String out = python(List.of("-c", LOAD, "models:/" + name + "@production"), Map.of(
                    "MLFLOW_TRACKING_URI", MlflowServerExtension.uri(),
                    "MLFLOW_S3_ENDPOINT_URL", endpoint.toString(),
                    "AWS_ACCESS_KEY_ID", "test",
                    "AWS_SECRET_ACCESS_KEY", "test",
                    "AWS_DEFAULT_REGION", "us-east-1",
                    "AWS_CONFIG_FILE", awsConfig.toString()));
            assertThat(out.lines().filter(l -> l.startsWith("PREDICTED ")).findFirst())
                    .as("python output: %s", out).contains("PREDICTED 2 4 6");
        } finally {
            s3mock.stop();
        }
    }

    private String python(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(MlflowTestServer.python().toString());
        cmd.addAll(args);
        Path err = Files.createTempFile(tmp, "python", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MLFLOW_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("python finished").isTrue();
        assertThat(p.exitValue()).as("python exit code; stderr: %s", Files.readString(err)).isZero();
        return out;
    }
}
