package dev.mvm.inspect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.inspect.FileStructure;
import dev.mvm.api.inspect.InspectionLimits;
import dev.mvm.api.inspect.ModelFiles;
import dev.mvm.api.inspect.RangeSource;
import dev.mvm.api.inspect.StructureInspector;
import dev.mvm.api.inspect.TensorInfo;
import dev.mvm.inspect.internal.BoundedJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads safetensors files ({@code *.safetensors}) and sharded checkpoints through their index
 * ({@code *.safetensors.index.json}, with a {@code weight_map} from tensor name to shard file).
 *
 * <p>A safetensors file starts with an 8-byte little-endian header length N and N bytes of JSON; the inspector
 * reads exactly those two ranges and never the tensor data. It rejects a header length above
 * {@link InspectionLimits#MAX_READ_BYTES} (the reference implementation's 100 MiB) or beyond the file, JSON
 * nested deeper than {@link InspectionLimits#MAX_NESTING_DEPTH}, more than {@link InspectionLimits#MAX_ENTRIES}
 * tensors, and tensors whose {@code data_offsets} do not span exactly shape × element size. The data section
 * itself is not read, so a truncated data section is found by the digest check of a download, not here.
 *
 * @since 0.1
 */
public final class SafetensorsInspector implements StructureInspector {
    private static final String INDEX_SUFFIX = ".safetensors.index.json";
    private static final int MAX_METADATA = 10_000;
    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(
            Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1), Map.entry("F8_E5M2", 1),
            Map.entry("F8_E4M3", 1), Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2),
            Map.entry("BF16", 2), Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4),
            Map.entry("F64", 8), Map.entry("I64", 8), Map.entry("U64", 8));

    /** Creates the inspector; {@link java.util.ServiceLoader} calls this. */
    public SafetensorsInspector() {
    }

    @Override
    public String format() {
        return "safetensors";
    }

    @Override
    public boolean supports(ArtifactPath path) {
        String name = path.fileName();
        return name.endsWith(".safetensors") || name.endsWith(INDEX_SUFFIX);
    }

    @Override
    public boolean isIndex(ArtifactPath path) {
        return path.fileName().endsWith(INDEX_SUFFIX);
    }

    @Override
    public FileStructure inspect(ArtifactPath path, ModelFiles files) {
        FileStructure.Builder out = FileStructure.builder(path, format());
        if (isIndex(path)) {
            readIndex(path, files, out);
        } else {
            readHeader(files.open(path), out, null);
        }
        return out.build();
    }

    private void readIndex(ArtifactPath path, ModelFiles files, FileStructure.Builder out) {
        RangeSource source = files.open(path);
        JsonNode index = BoundedJson.read(source);
        JsonNode weightMap = index.get("weight_map");
        if (!index.isObject() || weightMap == null || !weightMap.isObject()) {
            throw new IntegrityException("Malformed index " + source.describe()
                    + ": expected an object with a \"weight_map\" object of tensor name to shard file");
        }
        JsonNode metadata = index.get("metadata");
        if (metadata != null && metadata.isObject()) {
            metadata.properties().forEach(e -> out.metadata(e.getKey(), text(e.getValue())));
        }
        String dir = path.value().contains("/") ? path.value().substring(0, path.value().lastIndexOf('/') + 1) : "";
        Map<ArtifactPath, Set<String>> expected = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = weightMap.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IntegrityException("Malformed index " + source.describe() + ": tensor '" + e.getKey()
                        + "' maps to " + e.getValue() + " instead of a shard file name");
            }
            ArtifactPath shard;
            try {
                shard = ArtifactPath.of(dir + e.getValue().asText());
            } catch (ValidationException bad) {
                throw new IntegrityException("Malformed index " + source.describe() + ": shard '"
                        + e.getValue().asText() + "' is not a valid relative path");
            }
            expected.computeIfAbsent(shard, k -> new LinkedHashSet<>()).add(e.getKey());
            if (expected.size() > InspectionLimits.MAX_SHARDS) {
                throw new ValidationException("file", "Rejected " + source.describe() + ": more than "
                        + InspectionLimits.MAX_SHARDS + " shard files");
            }
        }
        for (Map.Entry<ArtifactPath, Set<String>> shard : expected.entrySet()) {
            if (files.find(shard.getKey()).isEmpty()) {
                throw new IntegrityException("Index " + source.describe() + " lists shard '" + shard.getKey()
                        + "', which " + files.describe() + " does not have");
            }
            Set<String> found = new LinkedHashSet<>();
            readHeader(files.open(shard.getKey()), out, found);
            Set<String> missing = new LinkedHashSet<>(shard.getValue());
            missing.removeAll(found);
            if (!missing.isEmpty()) {
                throw new IntegrityException("Index " + source.describe() + " places " + missing.size()
                        + " tensor(s) in '" + shard.getKey() + "' that it does not hold, e.g. '"
                        + missing.iterator().next() + "'");
            }
            out.covers(shard.getKey());
        }
    }

    private void readHeader(RangeSource source, FileStructure.Builder out, Set<String> names) {
        if (source.size() < 8) {
            throw new IntegrityException("Truncated safetensors file " + source.describe() + ": " + source.size()
                    + " bytes, fewer than the 8-byte header length");
        }
        long length = ByteBuffer.wrap(source.read(0, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (length < 2 || length > InspectionLimits.MAX_READ_BYTES) {
            throw new ValidationException("file", "Rejected safetensors file " + source.describe()
                    + ": it declares a header of " + Long.toUnsignedString(length) + " bytes; allowed are 2 to "
                    + InspectionLimits.MAX_READ_BYTES);
        }
        if (length > source.size() - 8) {
            throw new IntegrityException("Truncated safetensors file " + source.describe() + ": it declares a header of "
                    + length + " bytes but has only " + (source.size() - 8) + " after the length");
        }
        byte[] header = source.read(8, (int) length);
        try (JsonParser p = BoundedJson.parser(header)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(source, "expected a JSON object of tensor name to {dtype, shape, data_offsets}");
            }
            int tensors = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("__metadata__")) {
                    readMetadata(p, value, out);
                    continue;
                }
                if (++tensors > InspectionLimits.MAX_ENTRIES) {
                    throw new ValidationException("file", "Rejected " + source.describe() + ": more than "
                            + InspectionLimits.MAX_ENTRIES + " tensors");
                }
                TensorInfo tensor = tensor(source, p, name, value);
                out.tensor(tensor);
                if (names != null) {
                    names.add(tensor.name());
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw malformed(source, "unexpected " + p.currentToken() + " at the top level");
            }
        } catch (StreamConstraintsException e) {
            throw new ValidationException("file", "Rejected " + source.describe() + ": " + e.getOriginalMessage()
                    + " (limits: nesting depth " + InspectionLimits.MAX_NESTING_DEPTH + ")");
        } catch (IOException e) {
            throw malformed(source, "invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** Streams the header so that memory grows with the tensors kept, never with the size of hostile JSON. */
    private static void readMetadata(JsonParser p, JsonToken value, FileStructure.Builder out) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        int n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (v.isScalarValue()) {
                if (++n <= MAX_METADATA) {
                    out.metadata(key, p.getText());
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static TensorInfo tensor(RangeSource source, JsonParser p, String name, JsonToken value)
            throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw malformed(source, "tensor '" + name + "' needs an object with \"dtype\", \"shape\" and \"data_offsets\"");
        }
        String dtype = null;
        List<Long> dims = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (v != JsonToken.VALUE_STRING) {
                        throw malformed(source, "tensor '" + name + "' has a dtype that is not text");
                    }
                    dtype = p.getText();
                }
                case "shape" -> dims = integers(source, p, v, name, "shape", InspectionLimits.MAX_DIMENSIONS);
                case "data_offsets" -> {
                    List<Long> o = integers(source, p, v, name, "data_offsets", 2);
                    if (o.size() != 2) {
                        throw malformed(source, "tensor '" + name + "' has data_offsets " + o + "; expected [begin, end]");
                    }
                    offsets = new long[] {o.get(0), o.get(1)};
                }
                default -> p.skipChildren();
            }
        }
        if (dtype == null || dims == null || offsets == null) {
            throw malformed(source, "tensor '" + name + "' needs \"dtype\" (text), \"shape\" (array) and "
                    + "\"data_offsets\" ([begin, end])");
        }
        TensorInfo tensor;
        try {
            tensor = TensorInfo.of(name, dtype, dims);
        } catch (ValidationException e) {
            throw malformed(source, e.getMessage());
        }
        if (offsets[1] < offsets[0]) {
            throw malformed(source, "tensor '" + name + "' has data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] that end before they begin");
        }
        Integer size = DTYPE_BYTES.get(tensor.dtype());
        if (size != null) {
            long bytes;
            try {
                bytes = Math.multiplyExact(tensor.parameterCount(), size);
            } catch (ArithmeticException e) {
                bytes = -1;
            }
            if (bytes != offsets[1] - offsets[0]) {
                throw new IntegrityException("Inconsistent safetensors header in " + source.describe() + ": tensor '"
                        + name + "' of shape " + dims + " and dtype " + tensor.dtype() + " needs " + bytes
                        + " bytes but its data_offsets [" + offsets[0] + ", " + offsets[1] + "] span "
                        + (offsets[1] - offsets[0]));
            }
        }
        return tensor;
    }

    private static List<Long> integers(RangeSource source, JsonParser p, JsonToken start, String tensor, String field,
            int max) throws IOException {
        if (start != JsonToken.START_ARRAY) {
            throw malformed(source, "tensor '" + tensor + "' has a " + field + " that is not an array");
        }
        List<Long> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0) {
                throw malformed(source, "tensor '" + tensor + "' has an invalid " + field + " entry '" + p.getText()
                        + "'; expected integers from 0 to " + Long.MAX_VALUE);
            }
            if (out.size() >= max) {
                if (field.equals("shape")) {
                    throw new ValidationException("file", "Rejected " + source.describe() + ": tensor '" + tensor
                            + "' has more than " + max + " dimensions");
                }
                throw malformed(source, "tensor '" + tensor + "' has more than " + max + " " + field);
            }
            out.add(p.getLongValue());
        }
        return out;
    }

    private static IntegrityException malformed(RangeSource source, String problem) {
        return new IntegrityException("Malformed safetensors header in " + source.describe() + ": " + problem);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
