package dev.mvm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvm.ModelRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients mixing reads and writes at once. */
@DisplayName("Concurrent clients")
class ConcurrentClientsTest {
    private static final int CLIENTS = 16;
    private static final int ROUNDS = 15;

    @TempDir
    Path tmp;

    @Test
    @DisplayName("16 clients registering, updating and reading at once: no errors, nothing lost, no duplicate versions")
    void mixedLoad() throws Exception {
        try (ModelRegistry registry = ModelRegistry.local(tmp);
                MvmHttpServer server = MvmHttpServer.builder(registry).threads(16).build()) {
            RestClient client = new RestClient("http://127.0.0.1:" + server.port(), null);
            assertThat(client.post("/api/v1/models", "{\"name\": \"shared\", \"framework\": \"pytorch\"}").status())
                    .isEqualTo(201);
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Map<Integer, Integer> lastMetadata = new ConcurrentHashMap<>();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        RestClient.Reply v = client.post("/api/v1/models/shared/versions", RestClient.json(Map.of(
                                "bump", "patch", "metrics", Map.of("accuracy", round / 100.0),
                                "tags", Map.of("client", Integer.toString(id)))));
                        if (v.status() == 201) {
                            acknowledged.add(v.json().path("version").asText());
                        } else {
                            failures.add("create: " + v.status() + " " + v.body());
                        }
                        RestClient.Reply u = client.put("/api/v1/models/shared",
                                "{\"metadata\": {\"client-" + id + "\": " + round + "}}");
                        if (u.status() == 200) {
                            lastMetadata.put(id, round);
                        } else {
                            failures.add("update: " + u.status() + " " + u.body());
                        }
                        for (String read : List.of("/api/v1/models/shared", "/api/v1/models/shared/versions",
                                "/api/v1/models/search?q=shared&sort_by=accuracy")) {
                            RestClient.Reply r = client.get(read);
                            if (r.status() != 200) {
                                failures.add(read + ": " + r.status() + " " + r.body());
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            assertThat(failures).isEmpty();
            assertThat(acknowledged).hasSize(CLIENTS * ROUNDS);
            JsonNode versions = client.get("/api/v1/models/shared/versions").json().path("versions");
            List<String> stored = new ArrayList<>();
            versions.forEach(v -> stored.add(v.path("version").asText()));
            assertThat(new HashSet<>(stored)).as("no duplicates").hasSize(stored.size());
            assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
            JsonNode metadata = client.get("/api/v1/models/shared").json().path("metadata");
            for (int c = 0; c < CLIENTS; c++) {
                assertThat(metadata.path("client-" + c).asInt()).as("client " + c).isEqualTo(lastMetadata.get(c));
            }
        }
    }
}
