package dev.mvm.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.sun.net.httpserver.HttpServer;
import dev.mvm.ModelRegistry;
import dev.mvm.api.event.ModelRegistered;
import dev.mvm.api.event.PointerMoved;
import dev.mvm.api.event.RegistryEvent;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("WebhookNotifier")
class WebhookNotifierTest {
    static final String SECRET = "0123456789abcdef-webhook-secret";
    static final ObjectMapper JSON = new ObjectMapper();

    final List<Duration> waits = new CopyOnWriteArrayList<>();

    static RegistryEvent event() {
        Model m = Model.builder("id-1", ModelName.of("fraud")).owner("user:alice")
                .createdAt(Instant.parse("2026-01-01T00:00:00Z")).updatedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .revision(1).build();
        return new ModelRegistered(UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00Z"), "user:alice", m);
    }

    record Received(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @Nested
    @DisplayName("against a real local HTTP endpoint")
    class RealEndpoint {
        HttpServer server;
        final BlockingQueue<Received> requests = new LinkedBlockingQueue<>();
        URI uri;

        @BeforeEach
        void start() throws Exception {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/hook", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                requests.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }

        @AfterEach
        void stop() {
            server.stop(0);
        }

        @Test
        @DisplayName("posts registry events as signed JSON with the event id, from a real registry")
        void endToEnd(@TempDir Path tmp) throws Exception {
            try (WebhookNotifier hook = WebhookNotifier.builder(uri, SECRET).build();
                    ModelRegistry registry = ModelRegistry.builder().directory(tmp).actor("user:alice")
                            .listener(hook).build()) {
                registry.models().register("fraud", m -> m.framework("pytorch"));
                registry.model("fraud").newVersion().version("1.0.0").register();
                registry.model("fraud").version("1.0.0").publish("staging", "smoke");

                Received first = requests.poll(10, TimeUnit.SECONDS);
                assertThat(first).isNotNull();
                assertThat(WebhookSignature.verify(SECRET.getBytes(StandardCharsets.UTF_8), first.body(),
                        first.header(WebhookSignature.HEADER))).isTrue();
                assertThat(first.header(WebhookSignature.HEADER)).matches("sha256=[0-9a-f]{64}");
                assertThat(first.header("Content-Type")).startsWith("application/json");
                JsonNode json = JSON.readTree(first.body());
                assertThat(json.get("type").asText()).isEqualTo("model.registered");
                assertThat(json.get("id").asText()).isEqualTo(first.header(WebhookSignature.EVENT_ID_HEADER));
                assertThat(json.get("actor").asText()).isEqualTo("user:alice");
                assertThat(json.at("/data/framework").asText()).isEqualTo("pytorch");
                assertThat(first.header(WebhookSignature.ATTEMPT_HEADER)).isEqualTo("1");

                Received second = requests.poll(10, TimeUnit.SECONDS);
                assertThat(JSON.readTree(second.body()).get("type").asText()).isEqualTo("version.created");
                Received third = requests.poll(10, TimeUnit.SECONDS);
                JsonNode moved = JSON.readTree(third.body());
                assertThat(moved.get("type").asText()).isEqualTo("pointer.moved");
                assertThat(moved.get("target").asText()).isEqualTo("fraud#staging");
                assertThat(moved.at("/data/from").isNull()).isTrue();
                assertThat(moved.at("/data/to").asText()).isEqualTo("1.0.0");
                assertThat(moved.at("/data/reason").asText()).isEqualTo("smoke");
                assertThat(registry.events().awaitDelivered(Duration.ofSeconds(10))).isTrue();
                assertThat(hook.deliveries()).hasSize(3).allSatisfy(d -> {
                    assertThat(d.delivered()).isTrue();
                    assertThat(d.statusCode()).isEqualTo(204);
                    assertThat(d.attempt()).isEqualTo(1);
                });
            }
        }

        @Test
        @DisplayName("an endpoint that does not answer never blocks registry operations")
        void neverBlocksTheRegistry(@TempDir Path tmp) throws Exception {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            server.createContext("/stuck", exchange -> {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            URI stuck = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/stuck");
            try (WebhookNotifier hook = WebhookNotifier.builder(stuck, SECRET).timeout(Duration.ofSeconds(60)).build();
                    ModelRegistry registry = ModelRegistry.builder().directory(tmp).listener(hook).build()) {
                registry.models().register("fraud");
                assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
                // the endpoint now holds the first delivery; the registry carries on regardless
                for (int i = 0; i < 5; i++) {
                    registry.model("fraud").newVersion().version("1." + i + ".0").register();
                }
                assertThat(registry.model("fraud").versions()).hasSize(5);
                assertThat(hook.deliveries()).isEmpty();
                release.countDown();
                assertThat(registry.events().awaitDelivered(Duration.ofSeconds(30))).isTrue();
                assertThat(hook.deliveries()).hasSize(6).allSatisfy(d -> assertThat(d.delivered()).isTrue());
            }
        }

        @Test
        @DisplayName("a signature over different bytes or with another secret does not verify")
        void signature() throws Exception {
            try (WebhookNotifier hook = WebhookNotifier.builder(uri, SECRET).build()) {
                assertThat(hook.deliver(event())).isTrue();
                Received r = requests.poll(10, TimeUnit.SECONDS);
                byte[] tampered = r.body().clone();
                tampered[tampered.length - 2] ^= 1;
                String header = r.header(WebhookSignature.HEADER);
                assertThat(WebhookSignature.verify(SECRET.getBytes(StandardCharsets.UTF_8), tampered, header)).isFalse();
                assertThat(WebhookSignature.verify("another-secret-of-16+".getBytes(StandardCharsets.UTF_8), r.body(),
                        header)).isFalse();
                assertThat(WebhookSignature.verify(SECRET.getBytes(StandardCharsets.UTF_8), r.body(), null)).isFalse();
            }
        }
    }

    @Nested
    @DisplayName("against injected faults")
    class Faults {
        WireMockServer wiremock;
        URI uri;

        @BeforeEach
        void start() {
            wiremock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
            wiremock.start();
            uri = URI.create("http://127.0.0.1:" + wiremock.port() + "/hook");
        }

        @AfterEach
        void stop() {
            wiremock.stop();
        }

        WebhookNotifier notifier(int attempts, Duration timeout) {
            return WebhookNotifier.builder(uri, SECRET).maxAttempts(attempts).timeout(timeout)
                    .backoff(Duration.ofMillis(100), 2.0, 0.5, Duration.ofSeconds(10))
                    .sleeper(waits::add).build();
        }

        @Test
        @DisplayName("503 then success: two attempts, one backoff wait with jitter, same event id both times")
        void unavailableThenOk() {
            wiremock.stubFor(post("/hook").inScenario("flaky").whenScenarioStateIs(STARTED)
                    .willReturn(status(503)).willSetStateTo("up"));
            wiremock.stubFor(post("/hook").inScenario("flaky").whenScenarioStateIs("up").willReturn(ok()));
            RegistryEvent e = event();
            try (WebhookNotifier hook = notifier(5, Duration.ofSeconds(5))) {
                assertThat(hook.deliver(e)).isTrue();
                assertThat(hook.deliveries(e.id())).extracting(DeliveryAttempt::attempt, DeliveryAttempt::statusCode,
                        DeliveryAttempt::delivered).containsExactly(
                                org.assertj.core.groups.Tuple.tuple(1, 503, false),
                                org.assertj.core.groups.Tuple.tuple(2, 200, true));
            }
            assertThat(waits).singleElement().satisfies(d -> assertThat(d.toMillis()).isBetween(50L, 150L));
            wiremock.verify(2, postRequestedFor(urlEqualTo("/hook"))
                    .withHeader(WebhookSignature.EVENT_ID_HEADER, equalTo(e.id().toString())));
            wiremock.verify(1, postRequestedFor(urlEqualTo("/hook"))
                    .withHeader(WebhookSignature.ATTEMPT_HEADER, equalTo("2")));
        }

        @Test
        @DisplayName("connection reset on every attempt: gives up after maxAttempts, waits growing exponentially")
        void connectionReset() {
            wiremock.stubFor(post("/hook").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            RegistryEvent e = event();
            try (WebhookNotifier hook = notifier(4, Duration.ofSeconds(5))) {
                assertThat(hook.deliver(e)).isFalse();
                List<DeliveryAttempt> attempts = hook.deliveries(e.id());
                assertThat(attempts).hasSize(4).allSatisfy(a -> {
                    assertThat(a.delivered()).isFalse();
                    assertThat(a.status()).isEmpty();
                    assertThat(a.failure()).isPresent();
                });
                assertThat(attempts).extracting(DeliveryAttempt::attempt).containsExactly(1, 2, 3, 4);
            }
            assertThat(waits).hasSize(3);
            for (int i = 0; i < 3; i++) {
                long base = 100L << i;
                assertThat(waits.get(i).toMillis()).as("wait %d", i + 1).isBetween(base / 2, base * 3 / 2);
            }
        }

        @Test
        @DisplayName("a response slower than the timeout counts as a failed attempt and is retried")
        void delayBeyondTimeout() {
            wiremock.stubFor(post("/hook").withHeader(WebhookSignature.ATTEMPT_HEADER, equalTo("1"))
                    .willReturn(ok().withFixedDelay(3_000)));
            wiremock.stubFor(post("/hook").withHeader(WebhookSignature.ATTEMPT_HEADER, equalTo("2")).willReturn(ok()));
            RegistryEvent e = event();
            try (WebhookNotifier hook = notifier(3, Duration.ofMillis(1000))) {
                boolean delivered = hook.deliver(e);
                assertThat(delivered).as("%s", hook.deliveries()).isTrue();
                List<DeliveryAttempt> attempts = hook.deliveries(e.id());
                assertThat(attempts).hasSize(2);
                assertThat(attempts.get(0).failure()).hasValueSatisfying(m -> assertThat(m).containsIgnoringCase("timeout"));
                assertThat(attempts.get(0).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
                assertThat(attempts.get(1).statusCode()).isEqualTo(200);
            }
        }

        @Test
        @DisplayName("a 4xx other than 408 and 429 is not retried")
        void clientErrorNotRetried() {
            wiremock.stubFor(post("/hook").willReturn(status(400)));
            RegistryEvent e = event();
            try (WebhookNotifier hook = notifier(5, Duration.ofSeconds(5))) {
                assertThat(hook.deliver(e)).isFalse();
                assertThat(hook.deliveries(e.id())).singleElement().extracting(DeliveryAttempt::statusCode).isEqualTo(400);
            }
            assertThat(waits).isEmpty();
        }

        @Test
        @DisplayName("pointer moves go out with environment, from, to and kind")
        void pointerMovePayload() throws Exception {
            wiremock.stubFor(post("/hook").willReturn(ok()));
            PointerMove move = new PointerMove(ModelName.of("fraud"), EnvironmentName.PRODUCTION,
                    SemanticVersion.parse("1.0.0"), SemanticVersion.parse("1.1.0"), PointerMove.Kind.PUBLISH,
                    "user:alice", Instant.parse("2026-01-01T00:00:00Z"), "better");
            try (WebhookNotifier hook = notifier(1, Duration.ofSeconds(5))) {
                assertThat(hook.deliver(new PointerMoved(UUID.randomUUID(), move.at(), move.actor(), move))).isTrue();
            }
            byte[] body = wiremock.getAllServeEvents().get(0).getRequest().getBody();
            JsonNode json = JSON.readTree(body);
            assertThat(json.at("/data/environment").asText()).isEqualTo("production");
            assertThat(json.at("/data/from").asText()).isEqualTo("1.0.0");
            assertThat(json.at("/data/to").asText()).isEqualTo("1.1.0");
            assertThat(json.at("/data/kind").asText()).isEqualTo("PUBLISH");
            assertThat(json.get("at").asText()).isEqualTo("2026-01-01T00:00:00Z");
        }
    }

    @Test
    @DisplayName("the builder rejects non-http endpoints, short secrets and bad settings")
    void builderValidation() {
        assertThatThrownBy(() -> WebhookNotifier.builder(URI.create("ftp://x/hook"), SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
        assertThatThrownBy(() -> WebhookNotifier.builder(URI.create("http://x/hook"), "short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16 bytes");
        var b = WebhookNotifier.builder(URI.create("http://x/hook"), SECRET);
        assertThatThrownBy(() -> b.maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.backoff(Duration.ofSeconds(2), 2, 0.5, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.backoff(Duration.ofSeconds(1), 2, 1.0, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.deliveryLogCapacity(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
