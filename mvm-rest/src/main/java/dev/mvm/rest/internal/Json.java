package dev.mvm.rest.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** The one JSON mapper of the REST layer: strict on input, plain on output. */
public final class Json {
    /** The mapper; thread-safe. */
    public static final ObjectMapper MAPPER = mapper();

    private Json() {
    }

    private static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                .maxStringLength(1 << 20).maxNumberLength(100).build());
        m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return m;
    }

    /**
     * @param value maps, lists, strings, numbers, booleans and nulls
     * @return its UTF-8 JSON
     */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render a response as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses a request body that must be a JSON object with only the given fields. An empty body is an empty
     * object.
     *
     * @param body the bytes
     * @param what what the body is, for messages, e.g. {@code "register model"}
     * @param allowed the fields the body may have
     * @return the body
     * @throws ApiException (400 VALIDATION) naming the line and column of malformed JSON, or the unknown field
     *     and the allowed ones
     */
    static JsonBody parseObject(byte[] body, String what, Set<String> allowed) {
        if (body.length == 0) {
            return new JsonBody(MAPPER.createObjectNode(), "", what, allowed);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            var loc = e instanceof JsonProcessingException j ? j.getLocation() : null;
            String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw ApiException.validation("body", "Malformed JSON in the " + what + " request" + where + ": "
                    + firstLine(message));
        }
        if (node == null || node.isMissingNode()) {
            return new JsonBody(MAPPER.createObjectNode(), "", what, allowed);
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.validation("body", "The " + what + " request body must be a JSON object, not "
                    + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return new JsonBody(object, "", what, allowed);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
