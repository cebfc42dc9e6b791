package dev.mvm.inspect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes real GGUF v3 files as the specification lays them out: magic, version, tensor count, metadata
 * count, the typed key/value pairs, the tensor infos, padding to the 32-byte alignment, then the data
 * (F32 and F16 tensors, zero-filled).
 */
public final class GgufFixture {
    private final ByteArrayOutputStream kv = new ByteArrayOutputStream();
    private int kvCount;
    private int version = 3;
    private final List<Object[]> tensors = new ArrayList<>();

    /** @return a new, empty fixture */
    public static GgufFixture create() {
        return new GgufFixture();
    }

    /** Sets the format version written (2 or 3; their layouts are the same little-endian one). */
    public GgufFixture version(int version) {
        this.version = version;
        return this;
    }

    /** Adds a string value (type 8). */
    public GgufFixture string(String key, String value) {
        str(kv, key);
        u32(kv, 8);
        str(kv, value);
        kvCount++;
        return this;
    }

    /** Adds a uint32 value (type 4). */
    public GgufFixture uint32(String key, int value) {
        str(kv, key);
        u32(kv, 4);
        u32(kv, value);
        kvCount++;
        return this;
    }

    /** Adds a float32 value (type 6). */
    public GgufFixture float32(String key, float value) {
        str(kv, key);
        u32(kv, 6);
        u32(kv, Float.floatToIntBits(value));
        kvCount++;
        return this;
    }

    /** Adds an array of strings (type 9 of 8). */
    public GgufFixture strings(String key, List<String> values) {
        str(kv, key);
        u32(kv, 9);
        u32(kv, 8);
        u64(kv, values.size());
        values.forEach(v -> str(kv, v));
        kvCount++;
        return this;
    }

    /** Adds an array of int32 (type 9 of 5). */
    public GgufFixture ints(String key, int... values) {
        str(kv, key);
        u32(kv, 9);
        u32(kv, 5);
        u64(kv, values.length);
        for (int v : values) {
            u32(kv, v);
        }
        kvCount++;
        return this;
    }

    /** Adds a tensor; type 0 is F32, 1 is F16; dims innermost first, as GGUF stores them. */
    public GgufFixture tensor(String name, int type, long... dims) {
        tensors.add(new Object[] {name, type, dims});
        return this;
    }

    /** @return the whole file */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u32(out, 0x46554747);
        u32(out, version);
        u64(out, tensors.size());
        u64(out, kvCount);
        out.writeBytes(kv.toByteArray());
        long offset = 0;
        List<Long> sizes = new ArrayList<>();
        for (Object[] t : tensors) {
            str(out, (String) t[0]);
            long[] dims = (long[]) t[2];
            u32(out, dims.length);
            long n = 1;
            for (long d : dims) {
                u64(out, d);
                n *= d;
            }
            int type = (Integer) t[1];
            u32(out, type);
            u64(out, offset);
            long size = n * (type == 0 ? 4 : 2);
            sizes.add(size);
            offset += (size + 31) / 32 * 32;
        }
        while (out.size() % 32 != 0) {
            out.write(0);
        }
        out.writeBytes(new byte[(int) offset]);
        return out.toByteArray();
    }

    /** Writes the file. */
    public Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, bytes());
    }

    static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u64(out, b.length);
        out.writeBytes(b);
    }

    static void u32(ByteArrayOutputStream out, int v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    static void u64(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }
}
