package dev.mvm.s3;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import java.net.URI;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** One Adobe S3Mock per test JVM, started in-process on a free loopback port, shared by the test classes. */
final class S3MockServer {
    private static S3MockExtension server;
    private static S3Client raw;

    private S3MockServer() {
    }

    static synchronized URI endpoint() {
        if (server == null) {
            server = S3MockExtension.builder().silent().withHttpPort(0).withSecureConnection(false).build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "s3mock-stop"));
        }
        return URI.create("http://127.0.0.1:" + server.getHttpPort());
    }

    /** A plain SDK client for arranging and inspecting state behind the store's back. */
    static synchronized S3Client rawClient() {
        if (raw == null) {
            raw = S3Client.builder().endpointOverride(endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build();
        }
        return raw;
    }

    /** @return a new empty bucket */
    static String newBucket() {
        String bucket = "b-" + UUID.randomUUID().toString().substring(0, 12);
        rawClient().createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    static S3ArtifactStore.Builder store(String bucket) {
        return S3ArtifactStore.builder().bucket(bucket).endpoint(endpoint()).pathStyle(true).region("us-east-1")
                .credentials("test", "test").partSize(5L << 20).concurrency(4);
    }
}
