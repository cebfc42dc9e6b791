package dev.mvm.inspect.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.inspect.InspectionLimits;
import dev.mvm.api.inspect.RangeSource;
import java.io.IOException;

/** JSON parsing of untrusted headers with Jackson's read constraints set to {@link InspectionLimits}. */
public final class BoundedJson {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(InspectionLimits.MAX_NESTING_DEPTH)
                    .maxStringLength(InspectionLimits.MAX_READ_BYTES)
                    .maxNumberLength(100)
                    .maxNameLength(InspectionLimits.MAX_NAME_BYTES)
                    .build())
            .build());

    private BoundedJson() {
    }

    /**
     * @param bytes JSON text
     * @param what the file, for messages
     * @return the parsed tree
     * @throws IntegrityException if it is not valid JSON
     * @throws ValidationException if it nests deeper than {@link InspectionLimits#MAX_NESTING_DEPTH}
     */
    public static JsonNode parse(byte[] bytes, String what) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new IntegrityException("Malformed " + what + ": no JSON value");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new ValidationException("file", "Rejected " + what + ": " + e.getOriginalMessage()
                    + " (limits: nesting depth " + InspectionLimits.MAX_NESTING_DEPTH + ")");
        } catch (IOException e) {
            throw new IntegrityException("Malformed JSON in " + what + ": " + firstLine(e.getMessage()));
        }
    }

    /**
     * @param bytes JSON text
     * @return a streaming parser with the read constraints of {@link InspectionLimits}; the caller closes it
     * @throws IOException if the parser cannot be created
     */
    public static com.fasterxml.jackson.core.JsonParser parser(byte[] bytes) throws IOException {
        return MAPPER.getFactory().createParser(bytes);
    }

    /**
     * Reads a whole small JSON file.
     *
     * @param source the file
     * @return the parsed tree
     * @throws ValidationException if the file is larger than {@link InspectionLimits#MAX_JSON_BYTES}
     */
    public static JsonNode read(RangeSource source) {
        if (source.size() > InspectionLimits.MAX_JSON_BYTES) {
            throw new ValidationException("file", "Rejected " + source.describe() + ": " + source.size()
                    + " bytes; JSON files are read up to " + InspectionLimits.MAX_JSON_BYTES + " bytes");
        }
        return parse(source.read(0, (int) source.size()), source.describe());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
