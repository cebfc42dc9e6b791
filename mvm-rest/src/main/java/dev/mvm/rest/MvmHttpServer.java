package dev.mvm.rest;

import com.sun.net.httpserver.HttpServer;
import dev.mvm.ModelRegistry;
import dev.mvm.api.error.StorageException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The REST API of a registry on the JDK's built-in HTTP server, with no other server dependency:
 *
 * <pre>{@code
 * try (ModelRegistry registry = ModelRegistry.local(Path.of(".mvm"));
 *      MvmHttpServer server = MvmHttpServer.start(registry, 8080)) {
 *     // curl http://127.0.0.1:8080/api/v1/models
 * }
 * }</pre>
 *
 * <p>{@link #start(ModelRegistry, int)} binds to loopback and acts as the registry's own principal; a server
 * reachable from other machines needs an {@link Authenticator} ({@link #builder(ModelRegistry)}), and
 * {@link Builder#build()} refuses a non-loopback address without one.
 *
 * <p>Sets the JDK server's {@code sun.net.httpserver.nodelay} property to {@code true} unless it is set
 * already, so that small responses are not held back by Nagle's algorithm.
 *
 * @since 0.1
 */
public final class MvmHttpServer implements AutoCloseable {
    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final MvmRestHandler handler;
    private final @Nullable ExecutorService ownedExecutor;

    private MvmHttpServer(HttpServer server, MvmRestHandler handler, @Nullable ExecutorService ownedExecutor) {
        this.server = server;
        this.handler = handler;
        this.ownedExecutor = ownedExecutor;
    }

    /**
     * Starts a server on the loopback address, acting as the registry's own principal for every request.
     *
     * @param registry the registry
     * @param port the port, 0 for any free one ({@link #port()} tells which)
     * @return the running server; close it to stop
     * @throws StorageException if the port cannot be bound
     */
    public static MvmHttpServer start(ModelRegistry registry, int port) {
        return builder(registry).port(port).build();
    }

    /**
     * @param registry the registry to serve
     * @return a builder
     */
    public static Builder builder(ModelRegistry registry) {
        return new Builder(registry);
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the address the server listens on */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** @return the handler, e.g. for its OpenAPI document */
    public MvmRestHandler handler() {
        return handler;
    }

    /** Stops accepting requests, lets running exchanges finish for up to a second, and stops the threads. */
    @Override
    public void close() {
        server.stop(1);
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
            try {
                if (!ownedExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                    ownedExecutor.shutdownNow();
                }
            } catch (InterruptedException e) {
                ownedExecutor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        handler.close();
    }

    @Override
    public String toString() {
        return "MvmHttpServer[" + server.getAddress() + "]";
    }

    /**
     * Configures a {@link MvmHttpServer}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final MvmRestHandler.Builder handler;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private int threads = 32;
        private @Nullable ExecutorService executor;
        private int backlog = 256;

        private Builder(ModelRegistry registry) {
            this.handler = MvmRestHandler.builder(registry);
        }

        /**
         * @param address where to listen; default loopback. Anything else needs an {@link #authenticator}.
         * @return this
         */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * @param port 0 (default) for any free port, else 1 to 65535
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param authenticator turns each request into a principal
         * @return this
         * @see MvmRestHandler.Builder#authenticator
         */
        public Builder authenticator(Authenticator authenticator) {
            handler.authenticator(authenticator);
            return this;
        }

        /**
         * @param bytes the largest JSON request body; default 1 MiB
         * @return this
         * @see MvmRestHandler.Builder#maxBodyBytes
         */
        public Builder maxBodyBytes(long bytes) {
            handler.maxBodyBytes(bytes);
            return this;
        }

        /**
         * @param key the HMAC key of download links, at least 32 bytes
         * @return this
         * @see MvmRestHandler.Builder#linkSigningKey
         */
        public Builder linkSigningKey(byte[] key) {
            handler.linkSigningKey(key);
            return this;
        }

        /**
         * @param options any other handler option (upload limits, staging directory, server path roots, ...)
         * @return this
         */
        public Builder handler(Consumer<MvmRestHandler.Builder> options) {
            options.accept(handler);
            return this;
        }

        /**
         * @param threads how many requests run at once on the server's own pool; default 32
         * @return this
         * @throws IllegalArgumentException if below 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param executor runs the requests instead of the server's own pool; not shut down by the server
         * @return this
         */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param backlog how many connections may wait to be accepted; default 256
         * @return this
         */
        public Builder backlog(int backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("backlog must be at least 1, not " + backlog);
            }
            this.backlog = backlog;
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @return the running server
         * @throws IllegalStateException if the address is not loopback and no authenticator is set
         * @throws StorageException if the port cannot be bound
         */
        public MvmHttpServer build() {
            if (!bindAddress.isLoopbackAddress() && !handler.hasAuthenticator()) {
                throw new IllegalStateException("A server on " + bindAddress.getHostAddress() + " is reachable from "
                        + "other machines: set an authenticator (e.g. BearerTokenAuthenticator), or"
                        + " Authenticator.actingAs(..) explicitly if a gateway authenticates for it");
            }
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(bindAddress, port), backlog);
            } catch (IOException e) {
                throw new StorageException("Cannot listen on " + bindAddress.getHostAddress() + ":" + port + ": "
                        + e.getMessage(), e);
            }
            MvmRestHandler h = handler.build();
            ExecutorService owned = null;
            if (executor != null) {
                server.setExecutor(executor);
            } else {
                owned = Executors.newFixedThreadPool(threads, new NamedThreads());
                server.setExecutor(owned);
            }
            server.createContext("/", h);
            server.start();
            return new MvmHttpServer(server, h, owned);
        }
    }

    private static final class NamedThreads implements ThreadFactory {
        private static final AtomicInteger SERVERS = new AtomicInteger();
        private final int server = SERVERS.incrementAndGet();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "mvm-rest-" + server + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
