package dev.mvm.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvm.api.event.RegistryEvent;
import dev.mvm.api.event.RegistryListener;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts every registry event to an HTTP endpoint as JSON, signed with HMAC-SHA256.
 *
 * <pre>{@code
 * WebhookNotifier hook = WebhookNotifier.builder(URI.create("https://ops.example.com/mvm"), secret).build();
 * ModelRegistry registry = ModelRegistry.builder().directory(dir).listener(hook).build();
 * }</pre>
 *
 * <p>Each delivery is one {@code POST} with {@code Content-Type: application/json} and the headers
 * {@value WebhookSignature#HEADER} ({@code sha256=<hex>}, see {@link WebhookSignature}),
 * {@value WebhookSignature#EVENT_ID_HEADER} (the event id, identical on every retry, so receivers can
 * drop duplicates), {@value WebhookSignature#EVENT_TYPE_HEADER} and {@value WebhookSignature#ATTEMPT_HEADER}.
 * A 2xx status is success. Connection errors, timeouts, 408, 429 and 5xx are retried with exponential
 * backoff and jitter (resilience4j-retry); other statuses are not. Every attempt is recorded as a
 * {@link DeliveryAttempt}, queryable with {@link #deliveries()}; the newest {@code deliveryLogCapacity}
 * are kept.
 *
 * <p>Delivery happens on the thread that calls {@link #onEvent}: the registry calls listeners on a thread
 * of their own with a bounded queue, so a slow or unreachable endpoint never blocks or fails a registry
 * operation; it only delays later deliveries to the same endpoint. Secrets and bodies are never logged.
 *
 * @since 0.1
 */
public final class WebhookNotifier implements RegistryListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final URI endpoint;
    private final byte[] secret;
    private final OkHttpClient client;
    private final boolean ownsClient;
    private final RetryConfig retryConfig;
    private final Sleeper sleeper;
    private final Clock clock;
    private final EventJson json = new EventJson(new ObjectMapper());
    private final int logCapacity;
    private final Deque<DeliveryAttempt> log = new ArrayDeque<>();

    private WebhookNotifier(Builder b) {
        this.endpoint = b.endpoint;
        this.secret = b.secret.clone();
        this.ownsClient = b.client == null;
        this.client = (b.client != null ? b.client.newBuilder() : new OkHttpClient.Builder())
                .callTimeout(b.timeout).retryOnConnectionFailure(false).build();
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(b.initialBackoff, b.multiplier,
                b.jitter, b.maxBackoff);
        this.retryConfig = RetryConfig.<Integer>custom()
                .maxAttempts(b.maxAttempts)
                .intervalFunction(backoff)
                .retryOnResult(WebhookNotifier::retryable)
                .retryExceptions(IOException.class)
                .failAfterMaxAttempts(false)
                .build();
        this.sleeper = b.sleeper;
        this.clock = b.clock;
        this.logCapacity = b.deliveryLogCapacity;
    }

    /**
     * @param endpoint the URL to post to ({@code http} or {@code https})
     * @param secret the shared secret for the signature, at least 16 bytes
     * @return a builder
     * @throws IllegalArgumentException if the URL is not http(s) or the secret is too short
     */
    public static Builder builder(URI endpoint, byte[] secret) {
        return new Builder(endpoint, secret);
    }

    /**
     * @param endpoint the URL to post to
     * @param secret the shared secret, UTF-8 encoded, at least 16 bytes
     * @return a builder
     * @throws IllegalArgumentException if the URL is not http(s) or the secret is too short
     */
    public static Builder builder(URI endpoint, String secret) {
        return new Builder(endpoint, secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Delivers one event, retrying as configured; never throws for delivery failures (they are recorded
     * and logged).
     *
     * @param event the event
     */
    @Override
    public void onEvent(RegistryEvent event) {
        deliver(event);
    }

    /**
     * Delivers one event, retrying as configured.
     *
     * @param event the event
     * @return whether the endpoint accepted it
     */
    public boolean deliver(RegistryEvent event) {
        byte[] body = json.write(event);
        String signature = WebhookSignature.sign(secret, body);
        Retry.AsyncContext<Integer> retry = Retry.of("webhook", retryConfig).asyncContext();
        for (int attempt = 1; ; attempt++) {
            Instant start = clock.instant();
            long delay;
            Request request = new Request.Builder().url(endpoint.toString())
                    .header(WebhookSignature.HEADER, signature)
                    .header(WebhookSignature.EVENT_ID_HEADER, event.id().toString())
                    .header(WebhookSignature.EVENT_TYPE_HEADER, event.type())
                    .header(WebhookSignature.ATTEMPT_HEADER, Integer.toString(attempt))
                    .post(RequestBody.create(body, JSON))
                    .build();
            try (Response response = client.newCall(request).execute()) {
                int status = response.code();
                boolean ok = status >= 200 && status < 300;
                record(new DeliveryAttempt(event.id(), event.type(), attempt, start, status, null,
                        Duration.between(start, clock.instant()), ok));
                if (ok) {
                    retry.onComplete();
                    return true;
                }
                delay = retry.onResult(status);
                if (delay < 0) {
                    LOG.warn("Webhook {} gave up on {} {} after attempt {}: HTTP {}", safe(), event.type(), event.id(),
                            attempt, status);
                    return false;
                }
            } catch (IOException e) {
                record(new DeliveryAttempt(event.id(), event.type(), attempt, start, null, e.toString(),
                        Duration.between(start, clock.instant()), false));
                delay = retry.onError(e);
                if (delay < 0) {
                    LOG.warn("Webhook {} gave up on {} {} after attempt {}: {}", safe(), event.type(), event.id(),
                            attempt, e.toString());
                    return false;
                }
            }
            try {
                sleeper.sleep(Duration.ofMillis(delay));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Webhook {} interrupted while waiting to retry {} {}", safe(), event.type(), event.id());
                return false;
            }
        }
    }

    private static boolean retryable(Integer status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private String safe() {
        return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort())
                + endpoint.getPath();
    }

    private void record(DeliveryAttempt attempt) {
        synchronized (log) {
            if (log.size() == logCapacity) {
                log.removeFirst();
            }
            log.addLast(attempt);
        }
    }

    /** @return the recorded attempts, oldest first */
    public List<DeliveryAttempt> deliveries() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /**
     * @param eventId an event id
     * @return the recorded attempts for that event, oldest first
     */
    public List<DeliveryAttempt> deliveries(UUID eventId) {
        List<DeliveryAttempt> result = new ArrayList<>();
        for (DeliveryAttempt a : deliveries()) {
            if (a.eventId().equals(eventId)) {
                result.add(a);
            }
        }
        return result;
    }

    @Override
    public String name() {
        return "webhook-" + endpoint.getHost();
    }

    /** Releases the HTTP client's threads and connections if the notifier created the client. */
    @Override
    public void close() {
        if (ownsClient) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return "WebhookNotifier[" + safe() + "]";
    }

    /** Waits between attempts; tests inject one that records instead of waiting. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * @param duration how long to wait
         * @throws InterruptedException if interrupted while waiting
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * Builds a {@link WebhookNotifier}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final URI endpoint;
        private final byte[] secret;
        private @Nullable OkHttpClient client;
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(500);
        private double multiplier = 2.0;
        private double jitter = 0.5;
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration timeout = Duration.ofSeconds(10);
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        private Clock clock = Clock.systemUTC();
        private int deliveryLogCapacity = 10_000;

        private Builder(URI endpoint, byte[] secret) {
            Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || endpoint.getHost() == null) {
                throw new IllegalArgumentException("Webhook endpoint must be an absolute http or https URL, not '"
                        + endpoint.getScheme() + "://" + endpoint.getHost() + "'");
            }
            if (secret.length < 16) {
                throw new IllegalArgumentException("Webhook secret must have at least 16 bytes, not "
                        + secret.length);
            }
            this.endpoint = endpoint;
            this.secret = secret.clone();
        }

        /**
         * @param client an OkHttp client to derive from (its timeouts are overridden by {@link #timeout})
         * @return this
         */
        public Builder httpClient(OkHttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * @param maxAttempts attempts per event including the first, at least 1; default 5
         * @return this
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Exponential backoff with jitter: the n-th wait is {@code initial * multiplier^(n-1)}, capped at
         * {@code max}, then spread uniformly by ±{@code jitter} of itself.
         *
         * @param initial the first wait, positive; default 500 ms
         * @param multiplier growth per attempt, at least 1; default 2
         * @param jitter randomization factor in [0, 1); default 0.5
         * @param max the largest wait; default 30 s
         * @return this
         */
        public Builder backoff(Duration initial, double multiplier, double jitter, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("Backoff needs 0 < initial <= max, not " + initial + " and " + max);
            }
            if (!(multiplier >= 1) || !(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("Backoff needs multiplier >= 1 and 0 <= jitter < 1, not "
                        + multiplier + " and " + jitter);
            }
            this.initialBackoff = initial;
            this.multiplier = multiplier;
            this.jitter = jitter;
            this.maxBackoff = max;
            return this;
        }

        /**
         * @param timeout the longest one attempt may take, connect to last byte; default 10 s
         * @return this
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, not " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @param sleeper how to wait between attempts; default {@link Thread#sleep(long)}
         * @return this
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * @param clock the time source for attempt start times and durations
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param capacity how many attempts to keep for {@link #deliveries()}, at least 1; default 10,000
         * @return this
         */
        public Builder deliveryLogCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("deliveryLogCapacity must be at least 1, not " + capacity);
            }
            this.deliveryLogCapacity = capacity;
            return this;
        }

        /** @return the notifier */
        public WebhookNotifier build() {
            return new WebhookNotifier(this);
        }
    }
}
