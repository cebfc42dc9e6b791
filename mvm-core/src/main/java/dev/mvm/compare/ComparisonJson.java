package dev.mvm.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.IntegrityException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The JSON form of a {@link Comparison}, and the content digest its id comes from. */
final class ComparisonJson {
    private static final ObjectMapper MAPPER = mapper();

    private ComparisonJson() {
    }

    private static ObjectMapper mapper() {
        SimpleModule instants = new SimpleModule("instants");
        instants.addSerializer(Instant.class, ToStringSerializer.instance);
        instants.addDeserializer(Instant.class, new FromStringDeserializer<Instant>(Instant.class) {
            private static final long serialVersionUID = 1L;

            @Override
            protected Instant _deserialize(String value, DeserializationContext ctxt) {
                return Instant.parse(value);
            }
        });
        return new ObjectMapper().registerModule(instants).enable(SerializationFeature.INDENT_OUTPUT);
    }

    static String write(Comparison c) {
        try {
            return MAPPER.writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render comparison " + c.id() + " as JSON", e);
        }
    }

    static Comparison read(String json, String what) {
        try {
            return MAPPER.readValue(json, Comparison.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IntegrityException("Malformed comparison JSON in " + what + ": " + e.getMessage());
        }
    }

    /** @return the id of a comparison's content: the first 128 bits of SHA-256 over its JSON without id and time */
    static String contentId(Comparison draft) {
        Comparison neutral = new Comparison("0".repeat(32), Instant.EPOCH, draft.versions(), draft.metrics(),
                draft.diffs(), draft.evolution());
        try {
            byte[] bytes = MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(neutral);
            return Sha256.of(bytes).hex().substring(0, 32);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot digest comparison", e);
        }
    }

    static byte[] utf8(Comparison c) {
        return write(c).getBytes(StandardCharsets.UTF_8);
    }
}
