package dev.mvm.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.Download;
import dev.mvm.ModelRegistry;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.spi.DownloadLink;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;

/** The facade over embedded metadata and S3 artifacts (S3Mock): register, download, link, tamper. */
@DisplayName("ModelRegistry with S3 artifacts")
class S3FacadeEndToEndTest {
    private static String bucket;

    @TempDir
    Path tmp;

    @BeforeAll
    static void createBucket() {
        bucket = S3MockServer.newBucket();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Layout.class)
    @DisplayName("registers a directory, downloads it verified, links a file, and refuses tampered bytes")
    void endToEnd(Layout layout) throws Exception {
        Path model = tmp.resolve("model");
        Files.createDirectories(model.resolve("tokenizer"));
        byte[] weights = new byte[7 << 20];
        new Random(3).nextBytes(weights);
        Files.write(model.resolve("model.safetensors"), weights);
        Files.writeString(model.resolve("config.json"), "{\"hidden_size\": 768}");
        Files.writeString(model.resolve("tokenizer/vocab.txt"), "[PAD]\n[UNK]\n");
        String prefix = "e2e-" + layout.name().toLowerCase(java.util.Locale.ROOT);
        S3ArtifactStore s3 = S3MockServer.store(bucket).prefix(prefix).layout(layout).build();
        try (ModelRegistry registry = ModelRegistry.builder().directory(tmp.resolve("meta")).artifactStore(s3).build()) {
            registry.models().register("bert");
            ModelVersion v = registry.model("bert").newVersion().version("1.0.0").files(model).register();
            assertThat(v.artifacts().fileCount()).isEqualTo(3);

            Download d = registry.model("bert").version("1.0.0").download(tmp.resolve("dl"));
            assertThat(Files.readAllBytes(d.directory().resolve("model.safetensors"))).isEqualTo(weights);
            assertThat(Files.readString(d.directory().resolve("tokenizer/vocab.txt"))).isEqualTo("[PAD]\n[UNK]\n");

            DownloadLink link = registry.downloadLink("bert@1.0.0", Duration.ofMinutes(5));
            assertThat(link.expiresAt()).isNotNull();
            assertThat(link.root()).isEqualTo(v.artifacts().root());
            DownloadLink.FileLink weightsLink = link.files().stream()
                    .filter(f -> f.path().value().equals("model.safetensors")).findFirst().orElseThrow();
            HttpResponse<byte[]> fetched = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(weightsLink.uri()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.body()).isEqualTo(weights);

            // overwrite the stored object behind MVM's back: the next download must refuse it
            String key = S3MockServer.rawClient().listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .filter(o -> sizeIs(o.size(), weights.length)).map(o -> o.key()).findFirst().orElseThrow();
            byte[] tampered = weights.clone();
            tampered[12345] ^= 1;
            S3MockServer.rawClient().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(tampered));
            // content-addressed: the bytes fail the re-hash; version tree: the store already sees that the object
            // under the path no longer carries the recorded digest and refuses to serve it
            assertThatThrownBy(() -> registry.model("bert").version("1.0.0").download(tmp.resolve("dl2")))
                    .isInstanceOf(layout == Layout.CONTENT_ADDRESSED ? IntegrityException.class : NotFoundException.class)
                    .hasMessageContaining(layout == Layout.CONTENT_ADDRESSED ? "Integrity check failed" : "another content");
            assertThat(Files.exists(tmp.resolve("dl2/model.safetensors"))).isFalse();
        }
    }

    private static boolean sizeIs(Long size, int expected) {
        return size != null && size == expected;
    }

}
