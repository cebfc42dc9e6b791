package dev.mvm.inspect;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.inspect.FileStructure;
import dev.mvm.api.inspect.GraphValue;
import dev.mvm.api.inspect.InspectionLimits;
import dev.mvm.api.inspect.LayerInfo;
import dev.mvm.api.inspect.ModelFiles;
import dev.mvm.api.inspect.RangeSource;
import dev.mvm.api.inspect.StructureInspector;
import dev.mvm.api.inspect.TensorInfo;
import dev.mvm.inspect.internal.ByteCursor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads ONNX models ({@code *.onnx}) by decoding the protobuf wire format of {@code ModelProto} directly, with
 * no protobuf dependency: graph inputs and outputs with element types and shapes (symbolic dimensions kept
 * by name), every node with its operator type (the histogram), every initializer with its type and shape,
 * the opset imports, producer and metadata properties.
 *
 * <p>Fields the inspector does not need, above all the initializers' {@code raw_data}, are skipped by
 * position, so only the graph's description is fetched, in windows of {@value ByteCursor#WINDOW} bytes.
 * Every length is checked against its enclosing message; groups, varints over 10 bytes, more than
 * {@link InspectionLimits#MAX_ENTRIES} nodes or initializers and names over
 * {@link InspectionLimits#MAX_NAME_BYTES} bytes are rejected. Sub-graphs of control-flow nodes are not
 * descended into, so nesting depth is bounded by the schema.
 *
 * @since 0.1
 */
public final class OnnxInspector implements StructureInspector {
    private static final String[] DATA_TYPES = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32",
        "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16",
        "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4", "INT4", "FLOAT4E2M1"};
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    /** Creates the inspector; {@link java.util.ServiceLoader} calls this. */
    public OnnxInspector() {
    }

    @Override
    public String format() {
        return "onnx";
    }

    @Override
    public boolean supports(ArtifactPath path) {
        return path.fileName().endsWith(".onnx");
    }

    @Override
    public FileStructure inspect(ArtifactPath path, ModelFiles files) {
        RangeSource source = files.open(path);
        ByteCursor in = new ByteCursor(source, 0, source.size());
        FileStructure.Builder out = FileStructure.builder(path, format());
        boolean graph = false;
        while (in.remaining() > 0) {
            long key = in.varint();
            int field = field(in, key);
            int wire = (int) (key & 7);
            switch (field) {
                case 1 -> out.metadata("onnx.ir_version", Long.toString(varint(in, wire, "ir_version")));
                case 2 -> out.metadata("onnx.producer_name", string(in, wire, "producer_name"));
                case 3 -> out.metadata("onnx.producer_version", string(in, wire, "producer_version"));
                case 5 -> out.metadata("onnx.model_version", Long.toString(varint(in, wire, "model_version")));
                case 7 -> {
                    long end = in.pushLimit(length(in, wire, "graph"), "the graph");
                    graph(in, out);
                    in.popLimit(end);
                    graph = true;
                }
                case 8 -> opset(in, wire, out);
                case 14 -> property(in, wire, out);
                default -> skip(in, wire);
            }
        }
        if (!graph) {
            throw new IntegrityException("Not an ONNX model: " + source.describe() + " has no graph (ModelProto field 7)");
        }
        return out.build();
    }

    private static void graph(ByteCursor in, FileStructure.Builder out) {
        List<GraphValue> inputs = new ArrayList<>();
        Set<String> initializers = new HashSet<>();
        int nodes = 0;
        while (in.remaining() > 0) {
            long key = in.varint();
            int wire = (int) (key & 7);
            switch (field(in, key)) {
                case 1 -> {
                    if (++nodes > InspectionLimits.MAX_ENTRIES) {
                        throw tooMany(in, "nodes");
                    }
                    long end = in.pushLimit(length(in, wire, "a node"), "a node");
                    out.layer(node(in, nodes - 1));
                    in.popLimit(end);
                }
                case 2 -> out.metadata("onnx.graph.name", string(in, wire, "graph name"));
                case 5 -> {
                    if (initializers.size() >= InspectionLimits.MAX_ENTRIES) {
                        throw tooMany(in, "initializers");
                    }
                    long end = in.pushLimit(length(in, wire, "an initializer"), "an initializer");
                    TensorInfo t = tensor(in);
                    in.popLimit(end);
                    initializers.add(t.name());
                    out.tensor(t);
                }
                case 11 -> {
                    long end = in.pushLimit(length(in, wire, "an input"), "an input");
                    inputs.add(valueInfo(in));
                    in.popLimit(end);
                }
                case 12 -> {
                    long end = in.pushLimit(length(in, wire, "an output"), "an output");
                    out.output(valueInfo(in));
                    in.popLimit(end);
                }
                default -> skip(in, wire);
            }
        }
        // Before IR version 4, initializers were also listed as inputs; only real inputs count.
        inputs.stream().filter(v -> !initializers.contains(v.name())).forEach(out::input);
    }

    private static LayerInfo node(ByteCursor in, int index) {
        String name = "";
        String type = "";
        String domain = "";
        while (in.remaining() > 0) {
            long key = in.varint();
            int wire = (int) (key & 7);
            switch (field(in, key)) {
                case 3 -> name = string(in, wire, "node name");
                case 4 -> type = string(in, wire, "op_type");
                case 7 -> domain = string(in, wire, "node domain");
                default -> skip(in, wire);
            }
        }
        if (type.isEmpty()) {
            throw new IntegrityException("Malformed ONNX " + in.describe() + ": node " + index + " has no op_type");
        }
        String op = domain.isEmpty() || domain.equals("ai.onnx") ? type : domain + "." + type;
        return new LayerInfo(name.isEmpty() ? type + "_" + index : name, op);
    }

    private static TensorInfo tensor(ByteCursor in) {
        List<Long> dims = new ArrayList<>();
        long dataType = 0;
        String name = "";
        while (in.remaining() > 0) {
            long key = in.varint();
            int wire = (int) (key & 7);
            switch (field(in, key)) {
                case 1 -> {
                    if (wire == LENGTH_DELIMITED) {
                        long end = in.pushLimit(length(in, wire, "packed dims"), "packed dims");
                        while (in.remaining() > 0) {
                            dim(in, dims, in.varint());
                        }
                        in.popLimit(end);
                    } else {
                        dim(in, dims, varint(in, wire, "dims"));
                    }
                }
                case 2 -> dataType = varint(in, wire, "data_type");
                case 8 -> name = string(in, wire, "tensor name");
                default -> skip(in, wire);
            }
        }
        try {
            return TensorInfo.of(name, dataType(dataType), dims);
        } catch (ValidationException e) {
            throw new IntegrityException("Malformed ONNX " + in.describe() + ": " + e.getMessage());
        }
    }

    private static void dim(ByteCursor in, List<Long> dims, long value) {
        if (value < 0) {
            throw new IntegrityException("Malformed ONNX " + in.describe() + ": negative tensor dimension " + value);
        }
        if (dims.size() >= InspectionLimits.MAX_DIMENSIONS) {
            throw new ValidationException("file", "Rejected ONNX " + in.describe() + ": a tensor has more than "
                    + InspectionLimits.MAX_DIMENSIONS + " dimensions");
        }
        dims.add(value);
    }

    private static GraphValue valueInfo(ByteCursor in) {
        String name = "";
        String dtype = "UNDEFINED";
        List<String> shape = new ArrayList<>();
        while (in.remaining() > 0) {
            long key = in.varint();
            int wire = (int) (key & 7);
            switch (field(in, key)) {
                case 1 -> name = string(in, wire, "value name");
                case 2 -> {
                    long end = in.pushLimit(length(in, wire, "a type"), "a type");
                    dtype = type(in, shape);
                    in.popLimit(end);
                }
                default -> skip(in, wire);
            }
        }
        return new GraphValue(name, dtype, shape);
    }

    /** Reads a TypeProto; fills {@code shape} for tensor types and returns the element type. */
    private static String type(ByteCursor in, List<String> shape) {
        String dtype = "UNDEFINED";
        while (in.remaining() > 0) {
            long key = in.varint();
            int wire = (int) (key & 7);
            int field = field(in, key);
            if (field == 1 || field == 8) {
                long end = in.pushLimit(length(in, wire, "a tensor type"), "a tensor type");
                dtype = (field == 8 ? "SPARSE_" : "") + tensorType(in, shape);
                in.popLimit(end);
            } else if (field == 4 || field == 5 || field == 9) {
                skip(in, wire);
                dtype = field == 4 ? "SEQUENCE" : field == 5 ? "MAP" : "OPTIONAL";
            } else {
                skip(in, wire);
            }
        }
        return dtype;
    }

    private static String tensorType(ByteCursor in, List<String> shape) {
        String dtype = "UNDEFINED";
        while (in.remaining() > 0) {
            long key = in.varint();
            int wire = (int) (key & 7);
            switch (field(in, key)) {
                case 1 -> dtype = dataType(varint(in, wire, "elem_type"));
                case 2 -> {
                    long end = in.pushLimit(length(in, wire, "a shape"), "a shape");
                    while (in.remaining() > 0) {
                        long k = in.varint();
                        int w = (int) (k & 7);
                        if (field(in, k) == 1) {
                            if (shape.size() >= InspectionLimits.MAX_DIMENSIONS) {
                                throw new ValidationException("file", "Rejected ONNX " + in.describe()
                                        + ": a shape has more than " + InspectionLimits.MAX_DIMENSIONS + " dimensions");
                            }
                            long dimEnd = in.pushLimit(length(in, w, "a dimension"), "a dimension");
                            shape.add(dimension(in));
                            in.popLimit(dimEnd);
                        } else {
                            skip(in, w);
                        }
                    }
                    in.popLimit(end);
                }
                default -> skip(in, wire);
            }
        }
        return dtype;
    }

    private static String dimension(ByteCursor in) {
        String dim = "?";
        while (in.remaining() > 0) {
            long key = in.varint();
            int wire = (int) (key & 7);
            switch (field(in, key)) {
                case 1 -> dim = Long.toString(varint(in, wire, "dim_value"));
                case 2 -> dim = string(in, wire, "dim_param");
                default -> skip(in, wire);
            }
        }
        return dim;
    }

    private static void opset(ByteCursor in, int wire, FileStructure.Builder out) {
        long end = in.pushLimit(length(in, wire, "an opset import"), "an opset import");
        String domain = "";
        long version = 0;
        while (in.remaining() > 0) {
            long key = in.varint();
            int w = (int) (key & 7);
            switch (field(in, key)) {
                case 1 -> domain = string(in, w, "opset domain");
                case 2 -> version = varint(in, w, "opset version");
                default -> skip(in, w);
            }
        }
        in.popLimit(end);
        out.metadata("onnx.opset." + (domain.isEmpty() ? "ai.onnx" : domain), Long.toString(version));
    }

    private static void property(ByteCursor in, int wire, FileStructure.Builder out) {
        long end = in.pushLimit(length(in, wire, "a metadata property"), "a metadata property");
        String key = "";
        String value = "";
        while (in.remaining() > 0) {
            long k = in.varint();
            int w = (int) (k & 7);
            switch (field(in, k)) {
                case 1 -> key = string(in, w, "metadata key");
                case 2 -> value = string(in, w, "metadata value");
                default -> skip(in, w);
            }
        }
        in.popLimit(end);
        out.metadata("onnx.meta." + key, value);
    }

    private static String dataType(long code) {
        return code >= 0 && code < DATA_TYPES.length ? DATA_TYPES[(int) code] : "TYPE_" + code;
    }

    private static int field(ByteCursor in, long key) {
        long field = key >>> 3;
        if (field == 0 || field > 536_870_911L) {
            throw new IntegrityException("Malformed ONNX " + in.describe() + ": invalid field number " + field
                    + " at byte " + in.position());
        }
        return (int) field;
    }

    private static long varint(ByteCursor in, int wire, String what) {
        expect(in, wire, VARINT, what);
        return in.varint();
    }

    private static long length(ByteCursor in, int wire, String what) {
        expect(in, wire, LENGTH_DELIMITED, what);
        long n = in.varint();
        in.require(n, what);
        return n;
    }

    private static String string(ByteCursor in, int wire, String what) {
        return in.utf8(length(in, wire, what), what);
    }

    private static void skip(ByteCursor in, int wire) {
        switch (wire) {
            case VARINT -> in.varint();
            case FIXED64 -> in.skip(8);
            case LENGTH_DELIMITED -> in.skip(length(in, wire, "a field"));
            case FIXED32 -> in.skip(4);
            default -> throw new IntegrityException("Malformed ONNX " + in.describe() + ": unsupported wire type "
                    + wire + " at byte " + in.position());
        }
    }

    private static void expect(ByteCursor in, int wire, int expected, String what) {
        if (wire != expected) {
            throw new IntegrityException("Malformed ONNX " + in.describe() + ": " + what + " has wire type " + wire
                    + " at byte " + in.position() + ", expected " + expected);
        }
    }

    private static ValidationException tooMany(ByteCursor in, String what) {
        return new ValidationException("file", "Rejected ONNX " + in.describe() + ": more than "
                + InspectionLimits.MAX_ENTRIES + " " + what);
    }
}
