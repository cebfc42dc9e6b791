package dev.mvm.embedded.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.model.Lineage;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.model.VersionRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads the JSON columns: metadata, tags, metrics, parameters and lineage. Maps keep their
 * iteration order; doubles are written in their shortest exact form and read back bit for bit. Metadata
 * numbers come back as {@code Integer}, {@code Long} or {@code BigInteger} when integral, else {@code Double}.
 */
public final class JsonColumns {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, Double>> DOUBLES = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    /**
     * @param value a map of JSON-compatible values
     * @return its JSON text
     */
    public static String write(Map<String, ?> value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StorageException("Cannot write a value as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** @param json a JSON object @return it as a map */
    public static Map<String, Object> readObject(String json) {
        return read(json, OBJECT);
    }

    /** @param json a JSON object of strings @return it as a map */
    public static Map<String, String> readStrings(String json) {
        return read(json, STRINGS);
    }

    /** @param json a JSON object of numbers @return it as a map */
    public static Map<String, Double> readDoubles(String json) {
        return read(json, DOUBLES);
    }

    /**
     * @param lineage a lineage
     * @return {@code {"parent":…,"dependsOn":["model@version",…],"runId":…,"dataset":…}}
     */
    public static String writeLineage(Lineage lineage) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("parent", lineage.parent() == null ? null : lineage.parent().toString());
        ArrayNode deps = node.putArray("dependsOn");
        lineage.dependsOn().forEach(ref -> deps.add(ref.toString()));
        node.put("runId", lineage.runId());
        node.put("dataset", lineage.dataset());
        return node.toString();
    }

    /** @param json text written by {@link #writeLineage} @return the lineage */
    public static Lineage readLineage(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            String parent = text(node, "parent");
            List<VersionRef> deps = new ArrayList<>();
            node.path("dependsOn").forEach(ref -> deps.add(VersionRef.parse(ref.asText())));
            return new Lineage(parent == null ? null : SemanticVersion.parse(parent), deps, text(node, "runId"),
                    text(node, "dataset"));
        } catch (JsonProcessingException e) {
            throw new StorageException("Stored lineage is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static <T extends Map<String, ?>> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StorageException("Stored column is not the expected JSON: " + e.getOriginalMessage(), e);
        }
    }
}
