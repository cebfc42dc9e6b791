package dev.mvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvm.s3.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mvm jar: files on an S3-protocol server (S3Proxy on loopback)")
class CliS3IT {
    static final String BUCKET = "models";

    @TempDir
    static Path serverDir;

    static S3ProxyServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws IOException, InterruptedException {
        s3 = S3ProxyServer.start(serverDir);
        Files.createDirectories(s3.data().resolve(BUCKET));
    }

    @AfterAll
    static void stopServer() {
        if (s3 != null) {
            s3.close();
        }
    }

    /** @return the {@code --s3} URI of a key prefix in the test bucket */
    private static String uri(String prefix) {
        return "s3://" + BUCKET + "/" + prefix + "?endpoint=" + s3.endpoint() + "&region=us-east-1&pathStyle=true";
    }

    /** Gives the runs of {@code mvm} the server's credentials, through the AWS environment variables. */
    private static void credentials(MvmProcess mvm) {
        mvm.env("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY).env("AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL);
    }

    private long objects(String prefix) throws IOException {
        Path root = s3.data().resolve(BUCKET).resolve(prefix);
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    @DisplayName("--s3 and MVM_S3_URI select the bucket: upload, verified download, gc")
    void s3Store() throws IOException {
        MvmProcess mvm = new MvmProcess(dir);
        credentials(mvm);
        byte[] weights = new byte[300_000];
        new Random(7).nextBytes(weights);
        Path file = Files.write(dir.resolve("weights.bin"), weights);
        String uri = uri("flag");

        mvm.run("--s3", uri, "models", "register", "fraud").ok();
        JsonNode v = mvm.run("--json", "--s3", uri, "versions", "create", "fraud", file.toString(), "--version", "1.0.0")
                .ok().json();
        assertThat(v.at("/artifacts/totalBytes").asLong()).isEqualTo(weights.length);
        assertThat(objects("flag")).as("the weights and the manifest in the bucket").isEqualTo(2);
        assertThat(dir.resolve(".mvm/artifacts/blobs")).as("nothing in the embedded blob directory")
                .doesNotExist();

        mvm.run("--s3", uri, "versions", "download", "fraud@1.0.0", "-o", "out").ok();
        assertThat(Files.readAllBytes(dir.resolve("out/weights.bin"))).isEqualTo(weights);
        JsonNode gc = mvm.run("--json", "--s3", uri, "gc", "--dry-run", "--grace", "0").ok().json();
        assertThat(gc.get("referenced").asInt()).isEqualTo(2);
        assertThat(gc.get("collected")).isEmpty();

        mvm.env("MVM_S3_URI", uri("env"));
        mvm.run("--registry", "env-registry", "models", "register", "fraud").ok();
        mvm.run("--registry", "env-registry", "versions", "create", "fraud", file.toString()).ok();
        assertThat(objects("env")).isEqualTo(2);
    }

    @Test
    @DisplayName("migrate from the embedded registry to MVM metadata + S3 files, then serve from there")
    void migrateToS3() throws IOException {
        MvmProcess mvm = new MvmProcess(dir);
        credentials(mvm);
        Path file = Files.writeString(dir.resolve("model.txt"), "the model");
        mvm.run("models", "register", "fraud").ok();
        mvm.run("versions", "create", "fraud", file.toString(), "--version", "1.0.0").ok();
        mvm.run("transition", "fraud@1.0.0", "staging").ok();
        mvm.run("publish", "fraud@1.0.0").ok();

        String uri = uri("team");
        JsonNode report = mvm.run("--json", "migrate", "--to-registry", "team", "--to-s3", uri).ok().json();
        assertThat(report.at("/versions/copied").asLong()).isEqualTo(1);
        assertThat(objects("team")).isEqualTo(2);
        mvm.run("--registry", "team", "--s3", uri, "versions", "download", "fraud@production", "-o", "served").ok();
        assertThat(Files.readString(dir.resolve("served/model.txt"))).isEqualTo("the model");
        assertThat(mvm.run("--json", "migrate", "--to-registry", "team", "--to-s3", uri).ok().json()
                .get("nothingCopied").asBoolean()).isTrue();
    }
}
