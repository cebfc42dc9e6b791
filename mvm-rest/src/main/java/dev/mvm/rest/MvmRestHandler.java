package dev.mvm.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mvm.ModelRegistry;
import dev.mvm.rest.internal.RestApi;
import dev.mvm.rest.internal.RestConfig;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code /api/v1} REST API of a {@link ModelRegistry} as an {@link HttpHandler}, to mount in a JDK
 * {@code HttpServer} (or {@code HttpsServer}) of one's own:
 *
 * <pre>{@code
 * MvmRestHandler api = MvmRestHandler.builder(registry)
 *         .authenticator(BearerTokenAuthenticator.of(tokens))
 *         .build();
 * server.createContext("/api/v1", api);
 * }</pre>
 *
 * <p>Every request is authenticated by the {@link Authenticator} and runs through
 * {@code registry.as(principal)}, so the registry's access control and audit trail apply. Errors are JSON,
 * {@code {"error":{"code":"NOT_FOUND","message":"..."}}}, with stable codes. The API is described by the
 * OpenAPI document served at {@code GET /api/v1/openapi.json}.
 *
 * <p>Thread-safe. {@link #close()} removes uploads that were never turned into versions.
 *
 * @since 0.1
 */
public final class MvmRestHandler implements HttpHandler, AutoCloseable {
    /** The default limit of a JSON request body: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** The default limit of one upload: 64 GiB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 64L << 30;

    private final RestApi api;

    private MvmRestHandler(RestConfig config) {
        this.api = new RestApi(config);
    }

    /**
     * A handler acting as the registry's own principal for every request, without credentials: for a server
     * on loopback or behind a gateway that authenticates.
     *
     * @param registry the registry
     * @return the handler
     */
    public static MvmRestHandler of(ModelRegistry registry) {
        return builder(registry).build();
    }

    /**
     * @param registry the registry to serve
     * @return a builder
     */
    public static Builder builder(ModelRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public void handle(HttpExchange exchange) {
        api.handle(exchange);
    }

    /** @return the OpenAPI 3 document of the API, as served at {@code /api/v1/openapi.json} */
    public byte[] openApiDocument() {
        return api.openApiDocument();
    }

    /** @return every route as {@code METHOD /api/v1/path/{param}} */
    public List<String> routes() {
        return api.routeTable();
    }

    /** Removes uploads that were never registered as versions. */
    @Override
    public void close() {
        api.close();
    }

    /**
     * Configures a {@link MvmRestHandler}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final ModelRegistry registry;
        private @Nullable Authenticator authenticator;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private byte @Nullable [] linkSigningKey;
        private Duration maxLinkExpiry = Duration.ofDays(7);
        private @Nullable URI publicBaseUri;
        private final List<Path> serverPathRoots = new ArrayList<>();
        private @Nullable Path stagingDirectory;
        private Duration uploadExpiry = Duration.ofHours(24);
        private Clock clock = Clock.systemUTC();

        private Builder(ModelRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * @param authenticator turns each request into a principal; default: every request acts as the
         *     registry's own principal ({@link Authenticator#actingAs})
         * @return this
         */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        boolean hasAuthenticator() {
            return authenticator != null;
        }

        /**
         * @param bytes the largest JSON request body; larger ones are answered 413; default 1 MiB
         * @return this
         * @throws IllegalArgumentException if below 1 KiB
         */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024, not " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * @param bytes the largest total of the files of one upload; default 64 GiB
         * @return this
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxUploadBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxUploadBytes must be at least 1, not " + bytes);
            }
            this.maxUploadBytes = bytes;
            return this;
        }

        /**
         * The HMAC-SHA256 key of the download links this server signs for the embedded store. Servers that share
         * a key accept each other's links. Default: a random key per handler, so links stop working when it
         * restarts.
         *
         * @param key at least 32 bytes (copied)
         * @return this
         * @throws IllegalArgumentException if shorter
         */
        public Builder linkSigningKey(byte[] key) {
            if (key.length < 32) {
                throw new IllegalArgumentException("A link signing key needs at least 32 bytes, not " + key.length);
            }
            this.linkSigningKey = key.clone();
            return this;
        }

        /**
         * @param expiry the longest {@code expires_in} a client may ask for; default 7 days
         * @return this
         * @throws IllegalArgumentException if not between 1 second and 7 days
         */
        public Builder maxLinkExpiry(Duration expiry) {
            if (expiry.compareTo(Duration.ofSeconds(1)) < 0 || expiry.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("maxLinkExpiry must be between 1 second and 7 days, not " + expiry);
            }
            this.maxLinkExpiry = expiry;
            return this;
        }

        /**
         * @param uri the scheme, host and port clients reach the server at (e.g. behind a proxy), used in links;
         *     default: taken from each request's {@code Host} header
         * @return this
         * @throws IllegalArgumentException unless it is an absolute http or https URI without query
         */
        public Builder publicBaseUri(URI uri) {
            if (!uri.isAbsolute() || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getRawQuery() != null) {
                throw new IllegalArgumentException("publicBaseUri must be an absolute http(s) URI without query, not "
                        + uri);
            }
            this.publicBaseUri = uri;
            return this;
        }

        /**
         * Lets {@code model_path} in a register or create-version request name files on the server's own disk,
         * under this directory. Without any such root, {@code model_path} is refused and clients upload.
         *
         * @param directory a directory the server may read models from
         * @return this
         */
        public Builder serverPathRoot(Path directory) {
            serverPathRoots.add(Objects.requireNonNull(directory, "directory"));
            return this;
        }

        /**
         * @param directory where uploads wait until a version is registered from them; default: a temporary
         *     directory removed on {@link MvmRestHandler#close()}
         * @return this
         */
        public Builder stagingDirectory(Path directory) {
            this.stagingDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * @param expiry how long an upload stays open; default 24 hours
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder uploadExpiry(Duration expiry) {
            if (expiry.isNegative() || expiry.isZero()) {
                throw new IllegalArgumentException("uploadExpiry must be positive, not " + expiry);
            }
            this.uploadExpiry = expiry;
            return this;
        }

        /**
         * @param clock the time source of link and upload expiry (tests inject one)
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the handler
         * @throws dev.mvm.api.error.StorageException if the staging directory cannot be created
         */
        public MvmRestHandler build() {
            byte[] key = linkSigningKey;
            if (key == null) {
                key = new byte[32];
                new SecureRandom().nextBytes(key);
            }
            Authenticator auth = authenticator != null ? authenticator : Authenticator.actingAs(registry.principal());
            return new MvmRestHandler(new RestConfig(registry, auth, maxBodyBytes, maxUploadBytes, key, maxLinkExpiry,
                    publicBaseUri, serverPathRoots, stagingDirectory, uploadExpiry, clock));
        }
    }
}
