package dev.mvm.s3.internal;

import dev.mvm.s3.Layout;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The validated configuration of an S3 artifact store, and the clients made from it. The S3 client is
 * always built with an explicit Apache HTTP client (never the CRT client), the SDK's standard retry strategy
 * configured explicitly (retries of throttling, 5xx and I/O errors with exponential backoff and jitter), and
 * checksum calculation and validation {@code WHEN_REQUIRED}, so that third-party stores that do not know the
 * newer checksum headers work; the store sends its own additional checksums where configured and verifies
 * SHA-256 end to end itself.
 *
 * @param bucket the bucket
 * @param prefix the key prefix
 * @param region the region, or null for the SDK's chain
 * @param endpoint the endpoint override, or null for AWS
 * @param pathStyle whether to address buckets by path
 * @param layout the key layout
 * @param credentials the credentials provider
 * @param partSize bytes per part
 * @param concurrency parts at once
 * @param additionalChecksums whether to send S3 additional checksums
 * @param maxAttempts attempts per call
 * @param retryBaseDelay first backoff delay
 * @param connectTimeout connection timeout
 * @param readTimeout socket read timeout
 * @param spoolDirectory where large streams are spooled
 */
public record S3StoreSettings(String bucket, String prefix, @Nullable String region, @Nullable URI endpoint,
        boolean pathStyle, Layout layout, AwsCredentialsProvider credentials, long partSize, int concurrency,
        boolean additionalChecksums, int maxAttempts, Duration retryBaseDelay, Duration connectTimeout,
        Duration readTimeout, Path spoolDirectory) {

    private static final long MIB = 1024 * 1024;
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** @return the SDK client */
    public S3Client newClient() {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(concurrency * 2 + 8)
                        .connectionTimeout(connectTimeout)
                        .socketTimeout(readTimeout)
                        .expectContinueEnabled(false))
                .credentialsProvider(credentials)
                .forcePathStyle(pathStyle)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(maxAttempts)
                        .backoffStrategy(BackoffStrategy.exponentialDelay(retryBaseDelay, Duration.ofSeconds(20)))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(retryBaseDelay.multipliedBy(5),
                                Duration.ofSeconds(20)))
                        .circuitBreakerEnabled(false)
                        .build()));
        String effectiveRegion = effectiveRegion();
        if (effectiveRegion != null) {
            builder.region(Region.of(effectiveRegion));
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** @return a presigner with the same endpoint, region, addressing and credentials */
    public S3Presigner newPresigner() {
        S3Presigner.Builder builder = S3Presigner.builder()
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        String effectiveRegion = effectiveRegion();
        if (effectiveRegion != null) {
            builder.region(Region.of(effectiveRegion));
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private @Nullable String effectiveRegion() {
        return region != null ? region : endpoint != null ? "us-east-1" : null;
    }

    /** @return the pool of transfer threads, daemon threads named after the bucket */
    public ExecutorService newTransferPool() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "mvm-s3-" + bucket + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(concurrency, threads);
    }

    /** @return a short description, without credentials */
    public String describe() {
        return "s3://" + bucket + "/" + KeyScheme.of(prefix).prefix() + (endpoint == null ? "" : " at " + endpoint)
                + " (" + layout.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")";
    }

    /**
     * Applies the bucket, prefix and query parameters of an {@code s3://} URI.
     *
     * @param text the URI
     * @param target the settings to change
     * @throws IllegalArgumentException if the URI or a parameter is not valid
     */
    public static void applyUri(String text, Mutable target) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URI (" + e.getReason() + ")", e);
        }
        if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("expected s3://bucket[/prefix][?parameters]");
        }
        target.bucket(uri.getRawAuthority());
        target.prefix(uri.getPath() == null ? "" : uri.getPath());
        String query = uri.getRawQuery();
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            switch (name) {
                case "endpoint" -> target.endpoint(URI.create(value));
                case "region" -> target.region(value);
                case "pathStyle" -> target.pathStyle(parseBoolean(name, value));
                case "layout" -> target.layout(parseLayout(value));
                case "partSize" -> target.partSize(parseSize(value));
                case "concurrency" -> target.concurrency(parseInt(name, value));
                case "checksums" -> target.additionalChecksums(parseBoolean(name, value));
                case "maxAttempts" -> target.retries(parseInt(name, value), target.retryBaseDelay);
                case "profile" -> target.credentials(ProfileCredentialsProvider.builder().profileName(value).build());
                case "accessKey", "accessKeyId", "secretKey", "secretAccessKey", "sessionToken" ->
                        throw new IllegalArgumentException("parameter '" + name + "' is refused: a URI must not carry "
                                + "secrets; use the default credential chain, profile=NAME, or the builder");
                default -> throw new IllegalArgumentException("unknown parameter '" + name + "'. Allowed: endpoint, "
                        + "region, pathStyle, layout, partSize, concurrency, checksums, maxAttempts, profile");
            }
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static Layout parseLayout(String value) {
        String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Layout layout : Layout.values()) {
            if (layout.name().equals(normalized)) {
                return layout;
            }
        }
        throw new IllegalArgumentException("layout '" + value + "' is unknown. Allowed: content-addressed, version-tree");
    }

    private static boolean parseBoolean(String name, String value) {
        if (value.equalsIgnoreCase("true") || value.isEmpty()) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(name + "='" + value + "' is not a boolean. Allowed: true, false");
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a whole number", e);
        }
    }

    private static long parseSize(String value) {
        Matcher m = Pattern.compile("(\\d+)\\s*(MiB|MB|M|GiB|GB|G)?", Pattern.CASE_INSENSITIVE).matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("partSize='" + value + "' is not a size. Allowed: bytes, or a number "
                    + "with MiB or GiB, e.g. 16MiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        return unit.startsWith("G") ? n * 1024 * MIB : unit.startsWith("M") ? n * MIB : n;
    }

    /** The builder's state, checked setter by setter. */
    public static final class Mutable {
        private @Nullable String bucket;
        private String prefix = "";
        private @Nullable String region;
        private @Nullable URI endpoint;
        private boolean pathStyle;
        private Layout layout = Layout.CONTENT_ADDRESSED;
        private @Nullable AwsCredentialsProvider credentials;
        private long partSize = 8 * MIB;
        private int concurrency = 8;
        private boolean additionalChecksums = true;
        private int maxAttempts = 4;
        private Duration retryBaseDelay = Duration.ofMillis(100);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(60);
        private Path spoolDirectory = Path.of(System.getProperty("java.io.tmpdir"));

        /** @param value the bucket name */
        public void bucket(String value) {
            Objects.requireNonNull(value, "bucket");
            if (!BUCKET.matcher(value).matches() || value.contains("..")) {
                throw new IllegalArgumentException("Invalid bucket name '" + value + "': 3 to 63 lowercase letters, "
                        + "digits, '.' and '-', starting and ending with a letter or digit");
            }
            bucket = value;
        }

        /** @param value the key prefix */
        public void prefix(String value) {
            Objects.requireNonNull(value, "prefix");
            if (value.contains("//") && !value.replaceAll("^/+|/+$", "").isEmpty()
                    && value.replaceAll("^/+|/+$", "").contains("//")) {
                throw new IllegalArgumentException("Invalid prefix '" + value + "': empty segments are not allowed");
            }
            for (String segment : value.split("/")) {
                if (segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException("Invalid prefix '" + value + "': '.' and '..' segments are "
                            + "not allowed");
                }
            }
            prefix = value;
        }

        /** @param value the region */
        public void region(String value) {
            if (value == null || !value.matches("[a-z0-9-]{2,64}")) {
                throw new IllegalArgumentException("Invalid region '" + value + "': e.g. us-east-1 or oss-cn-hangzhou");
            }
            region = value;
        }

        /** @param value the endpoint */
        public void endpoint(URI value) {
            Objects.requireNonNull(value, "endpoint");
            if (!"http".equals(value.getScheme()) && !"https".equals(value.getScheme()) || value.getHost() == null) {
                throw new IllegalArgumentException("Invalid endpoint '" + value + "': expected http(s)://host[:port]");
            }
            endpoint = value;
        }

        /** @param value path-style addressing */
        public void pathStyle(boolean value) {
            pathStyle = value;
        }

        /** @param value the layout */
        public void layout(Layout value) {
            layout = Objects.requireNonNull(value, "layout");
        }

        /** @param value the credentials provider */
        public void credentials(AwsCredentialsProvider value) {
            credentials = Objects.requireNonNull(value, "credentials");
        }

        /**
         * @param accessKeyId the key id
         * @param secretAccessKey the secret
         */
        public void credentials(String accessKeyId, String secretAccessKey) {
            if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
                throw new IllegalArgumentException("Access key id and secret must not be blank");
            }
            credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        }

        /** @param value the part size */
        public void partSize(long value) {
            if (value < 5 * MIB || value > 5L * 1024 * MIB || value % MIB != 0) {
                throw new IllegalArgumentException("Invalid part size " + value + ": a whole number of MiB from 5 MiB"
                        + " to 5 GiB (S3's multipart limits)");
            }
            partSize = value;
        }

        /** @param value parts at once */
        public void concurrency(int value) {
            if (value < 1 || value > 64) {
                throw new IllegalArgumentException("Invalid concurrency " + value + ": from 1 to 64");
            }
            concurrency = value;
        }

        /** @param value whether to send additional checksums */
        public void additionalChecksums(boolean value) {
            additionalChecksums = value;
        }

        /**
         * @param attempts attempts per call
         * @param baseDelay first backoff
         */
        public void retries(int attempts, Duration baseDelay) {
            if (attempts < 1 || attempts > 20) {
                throw new IllegalArgumentException("Invalid maxAttempts " + attempts + ": from 1 to 20");
            }
            if (baseDelay.isNegative() || baseDelay.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("Invalid retry delay " + baseDelay + ": from 0 to 1 minute");
            }
            maxAttempts = attempts;
            retryBaseDelay = baseDelay;
        }

        /**
         * @param connect connect timeout
         * @param read read timeout
         */
        public void timeouts(Duration connect, Duration read) {
            if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
                throw new IllegalArgumentException("Timeouts must be positive, not " + connect + " / " + read);
            }
            connectTimeout = connect;
            readTimeout = read;
        }

        /** @param value the spool directory */
        public void spoolDirectory(Path value) {
            spoolDirectory = Objects.requireNonNull(value, "spoolDirectory");
        }

        /**
         * @return the settings
         * @throws IllegalStateException if no bucket was set
         */
        public S3StoreSettings freeze() {
            if (bucket == null) {
                throw new IllegalStateException("No bucket set: call bucket(\"name\") or use an s3://bucket URI");
            }
            AwsCredentialsProvider provider = credentials != null ? credentials
                    : DefaultCredentialsProvider.builder().build();
            return new S3StoreSettings(bucket, prefix, region, endpoint, pathStyle, layout, provider, partSize,
                    concurrency, additionalChecksums, maxAttempts, retryBaseDelay, connectTimeout, readTimeout,
                    spoolDirectory);
        }
    }
}
