package dev.mvm.mlflow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.StorageException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the MLflow REST API 2.0 ({@code <tracking uri>/api/2.0/mlflow/...}) with JSON bodies, maps failures
 * with {@link MlflowErrors} and repeats retryable failures (IO errors, timeouts, 429, 5xx) with exponential
 * backoff and jitter, honouring {@code Retry-After}. Only calls the caller marks idempotent are repeated;
 * the store makes its creates idempotent with a client token before marking them so.
 */
public final class MlflowRestClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowRestClient.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int MAX_ERROR_TEXT = 2000;

    private final OkHttpClient http;
    private final HttpUrl base;
    private final HttpUrl baseV3;
    private final String server;
    private final RetryConfig retryConfig;
    private final RetrySettings settings;
    private final ObjectMapper json;
    private final AtomicInteger requests = new AtomicInteger();

    /**
     * @param http the configured HTTP client (timeouts, TLS, credentials)
     * @param trackingUri the tracking server's base URI, e.g. {@code http://127.0.0.1:5000}
     * @param settings how retryable calls are repeated
     * @param json the mapper for bodies
     */
    public MlflowRestClient(OkHttpClient http, HttpUrl trackingUri, RetrySettings settings, ObjectMapper json) {
        this.http = http;
        this.base = trackingUri.newBuilder().addPathSegments("api/2.0/mlflow").build();
        this.baseV3 = trackingUri.newBuilder().addPathSegments("api/3.0/mlflow").build();
        this.server = trackingUri.newBuilder().username("").password("").query(null).build().toString();
        this.settings = settings;
        this.json = json;
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0,
                settings.jitter(), settings.maxBackoff());
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalBiFunction((Integer attempt, io.github.resilience4j.core.functions.Either<Throwable, Object> outcome) -> {
                    long wait = backoff.apply(attempt);
                    if (outcome.isLeft() && outcome.getLeft() instanceof ThrottledException t
                            && t.retryAfter().isPresent()) {
                        long asked = Math.min(t.retryAfter().get().toMillis(), settings.maxRetryAfter().toMillis());
                        wait = Math.max(wait, asked);
                    }
                    return wait;
                })
                .retryOnException(e -> e instanceof MvmException m && m.retryable())
                .build();
    }

    /** @return the server's base URI without credentials, for messages */
    public String server() {
        return server;
    }

    /** @return how many HTTP requests this client has sent, retries included */
    public int requestCount() {
        return requests.get();
    }

    /** @return the mapper used for bodies */
    public ObjectMapper json() {
        return json;
    }

    /**
     * Starts a call on the HTTP client's dispatcher threads, so that independent requests overlap on
     * separate pooled connections (HTTP/1.1 has no pipelining).
     *
     * @param call the call, e.g. {@code () -> post(...)}
     * @param <T> its result
     * @return its future
     */
    public <T> CompletableFuture<T> async(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, http.dispatcher().executorService());
    }

    /**
     * Waits for a call started with {@link #async} and returns its failure, if any.
     *
     * @param call the call
     * @return the exception it threw, or {@code null} if it succeeded
     */
    public static @Nullable RuntimeException failureOf(CompletableFuture<?> call) {
        try {
            call.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * Waits for a call started with {@link #async}.
     *
     * @param call the call
     * @param <T> its result
     * @return its result
     * @throws RuntimeException what the call threw
     */
    public static <T> T await(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** @return an empty JSON object for a request body */
    public ObjectNode body() {
        return json.createObjectNode();
    }

    /**
     * @param path e.g. {@code registered-models/get}
     * @param query query parameters
     * @return the response body
     */
    public JsonNode get(String path, Map<String, String> query) {
        return get(base, path, query);
    }

    /**
     * A GET on the REST API 3.0 ({@code <tracking uri>/api/3.0/mlflow/...}), where MLflow's basic-auth app
     * keeps its permission endpoints.
     *
     * @param path e.g. {@code users/permissions/get}
     * @param query query parameters
     * @return the response body
     */
    public JsonNode getV3(String path, Map<String, String> query) {
        return get(baseV3, path, query);
    }

    /**
     * A POST on the REST API 3.0.
     *
     * @param path the endpoint
     * @param body the JSON body
     * @param idempotent whether repeating the call cannot change the outcome
     * @return the response body
     */
    public JsonNode postV3(String path, JsonNode body, boolean idempotent) {
        return send(baseV3, "POST", path, body, idempotent);
    }

    private JsonNode get(HttpUrl root, String path, Map<String, String> query) {
        HttpUrl.Builder url = root.newBuilder().addPathSegments(path);
        query.forEach(url::addQueryParameter);
        return call("GET " + path, true, () -> new Request.Builder().url(url.build()).get().build());
    }

    /**
     * @param path the endpoint
     * @param body the JSON body
     * @param idempotent whether repeating the call cannot change the outcome
     * @return the response body
     */
    public JsonNode post(String path, JsonNode body, boolean idempotent) {
        return send("POST", path, body, idempotent);
    }

    /**
     * @param path the endpoint
     * @param body the JSON body
     * @return the response body
     */
    public JsonNode patch(String path, JsonNode body) {
        return send("PATCH", path, body, true);
    }

    /**
     * @param path the endpoint
     * @param body the JSON body
     * @return the response body
     */
    public JsonNode delete(String path, JsonNode body) {
        return send("DELETE", path, body, true);
    }

    private JsonNode send(String method, String path, JsonNode body, boolean idempotent) {
        return send(base, method, path, body, idempotent);
    }

    private JsonNode send(HttpUrl root, String method, String path, JsonNode body, boolean idempotent) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new StorageException("Cannot encode the body of " + method + " " + path + ": " + e.getMessage(), e);
        }
        HttpUrl url = root.newBuilder().addPathSegments(path).build();
        return call(method + " " + path, idempotent,
                () -> new Request.Builder().url(url).method(method, RequestBody.create(bytes, JSON)).build());
    }

    private JsonNode call(String endpoint, boolean idempotent, Supplier<Request> request) {
        if (!idempotent || settings.maxAttempts() == 1) {
            return once(endpoint, request.get());
        }
        Retry retry = Retry.of(endpoint, retryConfig);
        retry.getEventPublisher().onRetry(e -> LOG.debug("Retrying {} at {} (attempt {}, waiting {}): {}", endpoint,
                server, e.getNumberOfRetryAttempts(), e.getWaitInterval(),
                e.getLastThrowable() == null ? "" : e.getLastThrowable().getMessage()));
        AtomicInteger attempts = new AtomicInteger();
        try {
            return Retry.decorateSupplier(retry, () -> {
                attempts.incrementAndGet();
                return once(endpoint, request.get());
            }).get();
        } catch (MvmException e) {
            if (e.retryable() && attempts.get() > 1) {
                e.addSuppressed(new StorageException("Gave up on " + endpoint + " after " + attempts.get()
                        + " attempts", null));
            }
            throw e;
        }
    }

    private JsonNode once(String endpoint, Request request) {
        requests.incrementAndGet();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            if (response.isSuccessful()) {
                return text.isBlank() ? json.createObjectNode() : json.readTree(text);
            }
            String code = "";
            String message = text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "..." : text;
            try {
                JsonNode error = text.isBlank() ? null : json.readTree(text);
                if (error != null && error.isObject()) {
                    code = error.path("error_code").asText("");
                    if (error.hasNonNull("message")) {
                        message = error.get("message").asText();
                    }
                }
            } catch (IOException notJson) {
                LOG.trace("Error body of {} is not JSON", endpoint, notJson);
            }
            throw MlflowErrors.fromResponse(server, endpoint, response.code(), code, message,
                    retryAfter(response.header("Retry-After")));
        } catch (IOException e) {
            throw MlflowErrors.fromIo(server, endpoint, e);
        }
    }

    private static @Nullable Duration retryAfter(@Nullable String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: fall back to the computed backoff
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
