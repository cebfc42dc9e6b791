package dev.mvm.inspect;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.inspect.FileStructure;
import dev.mvm.api.inspect.InspectionLimits;
import dev.mvm.api.inspect.ModelFiles;
import dev.mvm.api.inspect.RangeSource;
import dev.mvm.api.inspect.StructureInspector;
import dev.mvm.api.inspect.TensorInfo;
import dev.mvm.inspect.internal.ByteCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads GGUF files ({@code *.gguf}, versions 2 and 3): the metadata keys with their values (arrays shown as
 * their element type and length), and every tensor's name, type and dimensions. Dimensions are given in
 * GGUF order (innermost first), as {@code llama.cpp} lists them.
 *
 * <p>The header is read front to back in windows of {@value ByteCursor#WINDOW} bytes; the tensor data after
 * it is never read. Counts are checked against what the rest of the file can hold before anything is
 * allocated, at most {@link InspectionLimits#MAX_ENTRIES} tensors and metadata entries, arrays nested at
 * most {@link InspectionLimits#MAX_NESTING_DEPTH} deep, keys and names at most
 * {@link InspectionLimits#MAX_NAME_BYTES} bytes.
 *
 * @since 0.1
 */
public final class GgufInspector implements StructureInspector {
    private static final long MAGIC = 0x46554747L; // "GGUF" little-endian
    private static final String[] GGML_TYPES = {"F32", "F16", "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0", "Q5_1",
        "Q8_0", "Q8_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S",
        "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64", "IQ1_M", "BF16", "Q4_0_4_4",
        "Q4_0_4_8", "Q4_0_8_8", "TQ1_0", "TQ2_0"};
    private static final String[] VALUE_TYPES = {"uint8", "int8", "uint16", "int16", "uint32", "int32", "float32",
        "bool", "string", "array", "uint64", "int64", "float64"};
    private static final int[] VALUE_SIZES = {1, 1, 2, 2, 4, 4, 4, 1, -1, -1, 8, 8, 8};
    private static final int MAX_SHOWN_STRING = 4096;

    /** Creates the inspector; {@link java.util.ServiceLoader} calls this. */
    public GgufInspector() {
    }

    @Override
    public String format() {
        return "gguf";
    }

    @Override
    public boolean supports(ArtifactPath path) {
        return path.fileName().endsWith(".gguf");
    }

    @Override
    public FileStructure inspect(ArtifactPath path, ModelFiles files) {
        RangeSource source = files.open(path);
        ByteCursor in = new ByteCursor(source, 0, source.size());
        if (source.size() < 24 || in.u32() != MAGIC) {
            throw new IntegrityException("Not a GGUF file: " + source.describe()
                    + " does not start with the magic 'GGUF' and a 24-byte header");
        }
        long version = in.u32();
        if (version != 2 && version != 3) {
            throw new ValidationException("file", "Unsupported GGUF version " + version + " in " + source.describe()
                    + "; versions 2 and 3 are supported");
        }
        long tensorCount = count(in, in.u64(), 24, "tensors");
        long kvCount = count(in, in.u64(), 13, "metadata entries");
        FileStructure.Builder out = FileStructure.builder(path, format());
        out.metadata("gguf.version", Long.toString(version));
        for (long i = 0; i < kvCount; i++) {
            String key = string(in, "a metadata key");
            int type = valueType(in, key);
            out.metadata(key, value(in, type, key, 0));
        }
        for (long i = 0; i < tensorCount; i++) {
            String name = string(in, "a tensor name");
            long dims = in.u32();
            if (dims > InspectionLimits.MAX_DIMENSIONS) {
                throw new ValidationException("file", "Rejected " + source.describe() + ": tensor '" + name + "' has "
                        + dims + " dimensions; at most " + InspectionLimits.MAX_DIMENSIONS + " are allowed");
            }
            List<Long> shape = new ArrayList<>((int) dims);
            for (int d = 0; d < dims; d++) {
                long n = in.u64();
                if (n < 0) {
                    throw new IntegrityException("Malformed GGUF " + source.describe() + ": tensor '" + name
                            + "' has a dimension of " + Long.toUnsignedString(n));
                }
                shape.add(n);
            }
            long type = in.u32();
            in.u64(); // offset into the data section, not needed
            String dtype = type < GGML_TYPES.length ? GGML_TYPES[(int) type] : "type_" + type;
            try {
                out.tensor(TensorInfo.of(name, dtype, shape));
            } catch (ValidationException e) {
                throw new IntegrityException("Malformed GGUF " + source.describe() + ": " + e.getMessage());
            }
        }
        return out.build();
    }

    private static long count(ByteCursor in, long n, int minBytesEach, String what) {
        if (n < 0 || n > InspectionLimits.MAX_ENTRIES) {
            throw new ValidationException("file", "Rejected GGUF " + in.describe() + ": it declares "
                    + Long.toUnsignedString(n) + " " + what + "; at most " + InspectionLimits.MAX_ENTRIES + " are allowed");
        }
        if (n * minBytesEach > in.remaining()) {
            throw new IntegrityException("Truncated GGUF " + in.describe() + ": it declares " + n + " " + what
                    + " but only " + in.remaining() + " bytes remain");
        }
        return n;
    }

    private static int valueType(ByteCursor in, String key) {
        long type = in.u32();
        if (type >= VALUE_TYPES.length) {
            throw new IntegrityException("Malformed GGUF " + in.describe() + ": metadata '" + key
                    + "' has unknown value type " + type);
        }
        return (int) type;
    }

    private static String string(ByteCursor in, String what) {
        long length = in.u64();
        if (length < 0 || length > InspectionLimits.MAX_NAME_BYTES) {
            throw new ValidationException("file", "Rejected GGUF " + in.describe() + ": " + what + " at byte "
                    + in.position() + " is " + Long.toUnsignedString(length) + " bytes long; at most "
                    + InspectionLimits.MAX_NAME_BYTES + " are allowed");
        }
        return in.utf8(length, what);
    }

    private static String value(ByteCursor in, int type, String key, int depth) {
        switch (type) {
            case 0: return Integer.toString(in.u8());
            case 1: return Integer.toString((byte) in.u8());
            case 2: return Integer.toString(u16(in));
            case 3: return Integer.toString((short) u16(in));
            case 4: return Long.toString(in.u32());
            case 5: return Integer.toString((int) in.u32());
            case 6: return Float.toString(Float.intBitsToFloat((int) in.u32()));
            case 7: return Boolean.toString(in.u8() != 0);
            case 8: return longString(in, key);
            case 9: return array(in, key, depth);
            case 10: return Long.toUnsignedString(in.u64());
            case 11: return Long.toString(in.u64());
            case 12: return Double.toString(Double.longBitsToDouble(in.u64()));
            default: throw new IntegrityException("Malformed GGUF " + in.describe() + ": value type " + type);
        }
    }

    private static int u16(ByteCursor in) {
        return in.u8() | in.u8() << 8;
    }

    private static String longString(ByteCursor in, String key) {
        long length = in.u64();
        in.require(length, "the value of '" + key + "'");
        if (length <= MAX_SHOWN_STRING) {
            return in.utf8(length, "the value of '" + key + "'");
        }
        String head = in.utf8(MAX_SHOWN_STRING, "the value of '" + key + "'");
        in.skip(length - MAX_SHOWN_STRING);
        return head;
    }

    private static String array(ByteCursor in, String key, int depth) {
        if (depth >= InspectionLimits.MAX_NESTING_DEPTH) {
            throw new ValidationException("file", "Rejected GGUF " + in.describe() + ": metadata '" + key
                    + "' nests arrays deeper than " + InspectionLimits.MAX_NESTING_DEPTH + " levels");
        }
        int itemType = valueType(in, key);
        long n = in.u64();
        int size = VALUE_SIZES[itemType];
        long minEach = size > 0 ? size : itemType == 8 ? 8 : 12;
        if (n < 0 || n > in.remaining() / minEach) {
            throw new IntegrityException("Truncated GGUF " + in.describe() + ": metadata '" + key + "' declares "
                    + Long.toUnsignedString(n) + " " + VALUE_TYPES[itemType] + " items but only " + in.remaining()
                    + " bytes remain");
        }
        if (size > 0) {
            in.skip(n * size);
        } else if (itemType == 8) {
            for (long i = 0; i < n; i++) {
                long length = in.u64();
                in.skip(length);
            }
        } else {
            for (long i = 0; i < n; i++) {
                value(in, 9, key, depth + 1);
            }
        }
        return "array<" + VALUE_TYPES[itemType] + ">[" + n + "]";
    }
}
