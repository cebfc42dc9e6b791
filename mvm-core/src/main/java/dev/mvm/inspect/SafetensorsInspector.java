package dev.mvm.inspect;

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
        JsonNode header = BoundedJson.parse(source.read(8, (int) length), source.describe());
        if (!header.isObject()) {
            throw new IntegrityException("Malformed safetensors header in " + source.describe()
                    + ": expected a JSON object of tensor name to {dtype, shape, data_offsets}");
        }
        if (header.size() > InspectionLimits.MAX_ENTRIES) {
            throw new ValidationException("file", "Rejected " + source.describe() + ": " + header.size()
                    + " tensors; at most " + InspectionLimits.MAX_ENTRIES + " are allowed");
        }
        Iterator<Map.Entry<String, JsonNode>> it = header.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                if (e.getValue().isObject()) {
                    e.getValue().properties().forEach(m -> out.metadata(m.getKey(), text(m.getValue())));
                }
                continue;
            }
            TensorInfo tensor = tensor(source, e.getKey(), e.getValue());
            out.tensor(tensor);
            if (names != null) {
                names.add(tensor.name());
            }
        }
    }

    private static TensorInfo tensor(RangeSource source, String name, JsonNode spec) {
        JsonNode dtype = spec.get("dtype");
        JsonNode shape = spec.get("shape");
        JsonNode offsets = spec.get("data_offsets");
        if (!spec.isObject() || dtype == null || !dtype.isTextual() || shape == null || !shape.isArray()
                || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw new IntegrityException("Malformed safetensors header in " + source.describe() + ": tensor '" + name
                    + "' needs \"dtype\" (text), \"shape\" (array) and \"data_offsets\" ([begin, end])");
        }
        List<Long> dims = new ArrayList<>(shape.size());
        if (shape.size() > InspectionLimits.MAX_DIMENSIONS) {
            throw new ValidationException("file", "Rejected " + source.describe() + ": tensor '" + name + "' has "
                    + shape.size() + " dimensions; at most " + InspectionLimits.MAX_DIMENSIONS + " are allowed");
        }
        for (JsonNode d : shape) {
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw new IntegrityException("Malformed safetensors header in " + source.describe() + ": tensor '"
                        + name + "' has an invalid dimension " + d);
            }
            dims.add(d.asLong());
        }
        TensorInfo tensor;
        try {
            tensor = TensorInfo.of(name, dtype.asText(), dims);
        } catch (ValidationException e) {
            throw new IntegrityException("Malformed safetensors header in " + source.describe() + ": "
                    + e.getMessage());
        }
        JsonNode begin = offsets.get(0);
        JsonNode end = offsets.get(1);
        if (!begin.canConvertToLong() || !end.canConvertToLong() || begin.asLong() < 0 || end.asLong() < begin.asLong()) {
            throw new IntegrityException("Malformed safetensors header in " + source.describe() + ": tensor '" + name
                    + "' has invalid data_offsets " + offsets);
        }
        Integer size = DTYPE_BYTES.get(tensor.dtype());
        if (size != null) {
            long bytes;
            try {
                bytes = Math.multiplyExact(tensor.parameterCount(), size);
            } catch (ArithmeticException e) {
                bytes = -1;
            }
            if (bytes != end.asLong() - begin.asLong()) {
                throw new IntegrityException("Inconsistent safetensors header in " + source.describe() + ": tensor '"
                        + name + "' of shape " + dims + " and dtype " + tensor.dtype() + " needs " + bytes
                        + " bytes but its data_offsets " + offsets + " span " + (end.asLong() - begin.asLong()));
            }
        }
        return tensor;
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
