package dev.mvm.rest.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.mvm.ModelRegistry;
import dev.mvm.api.access.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route table and the request pipeline: match the route, authenticate, act as the principal through
 * {@code registry.as(..)}, serve, and answer every failure as {@code {"error":{"code","message",...}}}.
 */
public final class RestApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    /** The path every route starts with. */
    public static final String BASE = "/api/v1";

    private final RestConfig config;
    private final List<Route> routes;
    private final UploadArea uploads;
    private final byte[] openApi;

    /**
     * @param config the validated configuration
     */
    public RestApi(RestConfig config) {
        this.config = config;
        this.uploads = new UploadArea(config.stagingDirectory(), config.clock(), config.uploadExpiry(),
                config.maxUploadBytes());
        LinkSigner signer = new LinkSigner(config.linkKey());
        ModelEndpoints models = new ModelEndpoints(config, uploads);
        FileEndpoints files = new FileEndpoints(config, uploads, signer);
        AccessEndpoints access = new AccessEndpoints();
        this.openApi = loadOpenApi();
        List<Route> r = new ArrayList<>();
        r.add(new Route("GET", BASE + "/openapi.json", false, c -> sendBytes(c.exchange(), 200, "application/json", openApi)));
        // literal segments before templates: /models/search and /models/compare are not model names
        r.add(new Route("GET", BASE + "/models/search", true, models::search));
        r.add(new Route("POST", BASE + "/models/compare", true, models::compare));
        r.add(new Route("GET", BASE + "/models", true, models::list));
        r.add(new Route("POST", BASE + "/models", true, models::register));
        r.add(new Route("GET", BASE + "/models/{model_id}", true, models::get));
        r.add(new Route("PUT", BASE + "/models/{model_id}", true, models::update));
        r.add(new Route("DELETE", BASE + "/models/{model_id}", true, models::delete));
        r.add(new Route("GET", BASE + "/models/{model_id}/versions", true, models::listVersions));
        r.add(new Route("POST", BASE + "/models/{model_id}/versions", true, models::createVersion));
        r.add(new Route("GET", BASE + "/models/{model_id}/versions/{version}", true, models::getVersion));
        r.add(new Route("DELETE", BASE + "/models/{model_id}/versions/{version}", true, models::deleteVersion));
        r.add(new Route("GET", BASE + "/models/{model_id}/versions/{version}/history", true, models::stateHistory));
        r.add(new Route("POST", BASE + "/models/{model_id}/versions/{version}/publish", true, models::publish));
        r.add(new Route("POST", BASE + "/models/{model_id}/versions/{version}/unpublish", true, models::unpublish));
        r.add(new Route("POST", BASE + "/models/{model_id}/versions/{version}/rollback", true, models::rollback));
        r.add(new Route("POST", BASE + "/models/{model_id}/versions/{version}/transition", true, models::transition));
        r.add(new Route("GET", BASE + "/models/{model_id}/versions/{version}/files", true, files::manifest));
        r.add(new Route("GET", BASE + "/models/{model_id}/versions/{version}/files/{path*}", true, files::readFile));
        r.add(new Route("GET", BASE + "/models/{model_id}/environments", true, models::environments));
        r.add(new Route("GET", BASE + "/models/{model_id}/environments/{environment}/history", true,
                models::environmentHistory));
        r.add(new Route("GET", BASE + "/models/{model_id}/download", true, files::downloadLink));
        r.add(new Route("POST", BASE + "/uploads", true, files::openUpload));
        r.add(new Route("GET", BASE + "/uploads/{upload_id}", true, files::showUpload));
        r.add(new Route("DELETE", BASE + "/uploads/{upload_id}", true, files::deleteUpload));
        r.add(new Route("PUT", BASE + "/uploads/{upload_id}/files/{path*}", true, files::putFile));
        r.add(new Route("GET", BASE + "/files/{model_id}/{version}", false, files::signedManifest));
        r.add(new Route("GET", BASE + "/files/{model_id}/{version}/{path*}", false, files::signedFile));
        r.add(new Route("GET", BASE + "/grants", true, access::list));
        r.add(new Route("POST", BASE + "/grants", true, access::grant));
        r.add(new Route("DELETE", BASE + "/grants/{grant_id}", true, access::revoke));
        r.add(new Route("GET", BASE + "/audit", true, access::audit));
        this.routes = List.copyOf(r);
    }

    /** @return every routed {@code METHOD /path/{template}}, for the OpenAPI document test */
    public List<String> routeTable() {
        return routes.stream().map(r -> r.method() + " " + r.template().replace("*}", "}")).toList();
    }

    /** @return the OpenAPI document served at {@code /api/v1/openapi.json} */
    public byte[] openApiDocument() {
        return openApi.clone();
    }

    /**
     * Serves one exchange and closes it.
     *
     * @param exchange the request
     */
    public void handle(HttpExchange exchange) {
        String requestId = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        exchange.getResponseHeaders().set("X-Request-Id", requestId);
        try {
            serve(exchange);
        } catch (Throwable t) {
            answerError(exchange, t, requestId);
            if (t instanceof Error e && !(t instanceof StackOverflowError)) {
                throw e;
            }
        } finally {
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        List<String> segments = Route.split(exchange.getRequestURI().getRawPath());
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = route.match(segments);
            if (params == null) {
                continue;
            }
            if (!route.method().equals(method)) {
                allowed.add(route.method());
                continue;
            }
            Principal principal = null;
            ModelRegistry acting = null;
            if (route.authenticated()) {
                principal = config.authenticator().authenticate(exchange).orElseThrow(() -> {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"mvm\"");
                    return new ApiException(401, "UNAUTHENTICATED", "This request needs credentials: send "
                            + "'Authorization: Bearer <token>' with a token the server knows");
                });
                acting = config.registry().as(principal);
            }
            route.endpoint().serve(new Call(exchange, params, principal, acting, config.maxBodyBytes()));
            return;
        }
        if (!allowed.isEmpty()) {
            exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
            throw new ApiException(405, "METHOD_NOT_ALLOWED", "Method " + method + " is not allowed on "
                    + Call.printable(exchange.getRequestURI().getRawPath()) + "; allowed: " + String.join(", ", allowed));
        }
        throw new ApiException(404, "NOT_FOUND", "No endpoint at " + Call.printable(exchange.getRequestURI().getRawPath())
                + "; the API is described at " + BASE + "/openapi.json");
    }

    private void answerError(HttpExchange exchange, Throwable t, String requestId) {
        ApiException e = ErrorMapping.map(t);
        if (e.status() >= 500) {
            LOG.warn("{} {} failed (request {}): {}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), requestId, t.toString(), t);
        }
        if (exchange.getResponseCode() != -1) {
            return; // the response had begun; closing the exchange cuts it short, which the client sees
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        error.putAll(e.details());
        error.put("request_id", requestId);
        if (e.status() == 503) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        try {
            sendJson(exchange, e.status(), Map.of("error", error));
        } catch (IOException io) {
            LOG.debug("Could not send the error response of request {}: {}", requestId, io.toString());
        }
    }

    static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        sendBytes(exchange, status, "application/json; charset=utf-8", Json.write(body));
    }

    static void sendBytes(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void sendNoContent(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(204, -1);
    }

    private static byte[] loadOpenApi() {
        try (InputStream in = RestApi.class.getResourceAsStream("/dev/mvm/rest/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("The OpenAPI document dev/mvm/rest/openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the OpenAPI document", e);
        }
    }

    /** Removes open uploads (and the staging directory if it was a temporary one). */
    @Override
    public void close() {
        uploads.close();
    }
}
