package dev.mvm.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads MLflow directly over REST (with the JDK client), to check what the adapter left on the server. */
final class MlflowRaw {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MlflowRaw() {
    }

    /** @return the MLflow version numbers of a registered model that are not deleted */
    static List<Long> liveVersionNumbers(String uri, String name) {
        List<Long> out = new ArrayList<>();
        for (JsonNode mv : versions(uri, name)) {
            out.add(mv.path("version").asLong());
        }
        return out;
    }

    /** @return for each {@code mvm.key} tag value, how many live MLflow versions carry it */
    static Map<String, Integer> versionsPerKey(String uri, String name) {
        Map<String, Integer> out = new TreeMap<>();
        for (JsonNode mv : versions(uri, name)) {
            for (JsonNode tag : mv.path("tags")) {
                if (tag.path("key").asText().equals("mvm.key")) {
                    out.merge(tag.path("value").asText(), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    /**
     * Creates a copy of an existing MLflow version with the same source, description and tags (its create
     * token included), as a create request delivered late by a proxy would.
     *
     * @return the copy's MLflow version number
     */
    static long replayCreate(String uri, String name, long number) {
        JsonNode original = versions(uri, name).stream().filter(v -> v.path("version").asLong() == number)
                .findFirst().orElseThrow(() -> new AssertionError("No version " + number + " of " + name));
        com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("source", original.path("source").asText());
        body.put("description", original.path("description").asText(""));
        body.set("tags", original.path("tags"));
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri
                    + "/api/2.0/mlflow/model-versions/create")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("MLflow create answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body()).path("model_version").path("version").asLong();
        } catch (IOException e) {
            throw new AssertionError("Cannot create in MLflow at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** @return the {@code run_id} of each live MLflow version of a registered model, by version number */
    static Map<Long, String> runIds(String uri, String name) {
        Map<Long, String> out = new TreeMap<>();
        for (JsonNode mv : versions(uri, name)) {
            out.put(mv.path("version").asLong(), mv.path("run_id").asText(""));
        }
        return out;
    }

    /** @return the MLflow version number an alias points to */
    static long aliasVersion(String uri, String name, String alias) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri
                    + "/api/2.0/mlflow/registered-models/alias?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "&alias=" + URLEncoder.encode(alias, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("MLflow alias lookup answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body()).path("model_version").path("version").asLong();
        } catch (IOException e) {
            throw new AssertionError("Cannot read alias " + alias + " at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    private static List<JsonNode> versions(String uri, String name) {
        String filter = URLEncoder.encode("name='" + name + "'", StandardCharsets.UTF_8);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri
                    + "/api/2.0/mlflow/model-versions/search?max_results=10000&filter=" + filter)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("MLflow search answered " + r.statusCode() + ": " + r.body());
            }
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(r.body()).path("model_versions").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new AssertionError("Cannot search MLflow at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
