package dev.mvm.rest.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A JSON object of a request body, read field by field with type checks whose messages name the field, what
 * it held and what it must hold. Unknown fields are rejected when the body is created.
 */
final class JsonBody {
    private final ObjectNode node;
    private final String prefix;

    JsonBody(ObjectNode node, String prefix, String what, Set<String> allowed) {
        this.node = node;
        this.prefix = prefix;
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.validation(prefix + name, "Unknown field '" + prefix + name + "' in the " + what
                        + " request; allowed: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    @Nullable String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(field, v, "a string");
        }
        return v.textValue();
    }

    String text(String field, String fallback) {
        String v = text(field);
        return v == null ? fallback : v;
    }

    String requiredText(String field) {
        String v = text(field);
        if (v == null) {
            throw ApiException.validation(prefix + field, "Field '" + prefix + field + "' is required (a string)");
        }
        return v;
    }

    @Nullable Long longValue(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw wrongType(field, v, "an integer");
        }
        return v.longValue();
    }

    boolean bool(String field, boolean fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw wrongType(field, v, "true or false");
        }
        return v.booleanValue();
    }

    @Nullable Map<String, String> stringMap(String field) {
        ObjectNode o = objectNode(field);
        if (o == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        o.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw wrongType(field + "." + e.getKey(), e.getValue(), "a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        });
        return out;
    }

    @Nullable Map<String, Double> numberMap(String field) {
        ObjectNode o = objectNode(field);
        if (o == null) {
            return null;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        o.properties().forEach(e -> {
            if (!e.getValue().isNumber()) {
                throw wrongType(field + "." + e.getKey(), e.getValue(), "a number");
            }
            out.put(e.getKey(), e.getValue().doubleValue());
        });
        return out;
    }

    @Nullable Map<String, Object> object(String field) {
        ObjectNode o = objectNode(field);
        if (o == null) {
            return null;
        }
        return Json.MAPPER.convertValue(o, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    @Nullable List<String> stringList(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw wrongType(field, v, "an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw wrongType(field + "[" + i + "]", v.get(i), "a string");
            }
            out.add(v.get(i).textValue());
        }
        return out;
    }

    JsonBody child(String field, String what, Set<String> allowed) {
        ObjectNode o = objectNode(field);
        if (o == null) {
            throw ApiException.validation(prefix + field, "Field '" + prefix + field + "' is required (an object with "
                    + String.join(", ", new TreeSet<>(allowed)) + ")");
        }
        return new JsonBody(o, prefix + field + ".", what, allowed);
    }

    private @Nullable ObjectNode objectNode(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!(v instanceof ObjectNode o)) {
            throw wrongType(field, v, "an object");
        }
        return o;
    }

    private ApiException wrongType(String field, JsonNode found, String expected) {
        String kind = found.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        return ApiException.validation(prefix + field, "Field '" + prefix + field + "' must be " + expected
                + ", not " + (kind.equals("number") || kind.equals("boolean") ? kind + " " + found : kind));
    }
}
