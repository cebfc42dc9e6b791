package dev.mvm.examples;

import com.sun.net.httpserver.HttpServer;
import dev.mvm.ModelRegistry;
import dev.mvm.api.access.Principal;
import dev.mvm.rest.BearerTokenAuthenticator;
import dev.mvm.rest.MvmHttpServer;
import dev.mvm.rest.MvmRestHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The REST API of a registry: on a server of its own, or mounted in a JDK {@code HttpServer} a service already
 * runs.
 */
public final class RestServerExample {
    private RestServerExample() {
    }

    /**
     * @param registry the registry to serve
     * @param trainerToken the bearer token of the training pipeline
     * @param aliceToken the bearer token of user alice
     * @return the running server on a free loopback port
     */
    public static MvmHttpServer serve(ModelRegistry registry, String trainerToken, String aliceToken) {
        // snippet:rest-server
        MvmHttpServer server = MvmHttpServer.builder(registry)
                .bindAddress(InetAddress.getLoopbackAddress())
                .port(0)                                   // 0: any free port, see server.port()
                .authenticator(BearerTokenAuthenticator.of(Map.of(
                        trainerToken, Principal.service("trainer"),
                        aliceToken, Principal.user("alice"))))
                .maxBodyBytes(1 << 20)                     // JSON bodies; larger ones get 413
                .build();
        // end-snippet
        return server;
    }

    /**
     * @param registry the registry to serve
     * @param tokens bearer token to principal
     * @return a started JDK server with the API mounted at /api/v1
     * @throws IOException if the port cannot be bound
     */
    public static HttpServer mount(ModelRegistry registry, Map<String, Principal> tokens) throws IOException {
        // snippet:rest-mount
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        MvmRestHandler api = MvmRestHandler.builder(registry)
                .authenticator(BearerTokenAuthenticator.of(tokens))
                .build();
        http.createContext("/api/v1", api);
        http.start();
        // end-snippet
        return http;
    }
}
