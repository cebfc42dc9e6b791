package dev.mvm.inspect;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes real safetensors files as the format specifies: an 8-byte little-endian header length, a JSON header
 * padded with spaces to a multiple of 8, then the tensor data in header order.
 */
public final class SafetensorsFixture {
    private static final Map<String, Integer> SIZES = Map.of("F32", 4, "F16", 2, "BF16", 2, "I64", 8, "U8", 1);

    private record Tensor(String name, String dtype, long[] shape) {
    }

    private final List<Tensor> tensors = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** @return a new, empty fixture */
    public static SafetensorsFixture create() {
        return new SafetensorsFixture();
    }

    /** Adds a tensor. */
    public SafetensorsFixture tensor(String name, String dtype, long... shape) {
        tensors.add(new Tensor(name, dtype, shape));
        return this;
    }

    /** Adds a {@code __metadata__} entry. */
    public SafetensorsFixture metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** @return the padded JSON header */
    public byte[] header() {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append("\"__metadata__\":{");
            int i = 0;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                json.append(i++ > 0 ? "," : "").append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
            }
            json.append('}');
        }
        long offset = 0;
        for (Tensor t : tensors) {
            long bytes = dataBytes(t);
            json.append(json.length() > 1 ? "," : "").append('"').append(t.name).append("\":{\"dtype\":\"").append(t.dtype)
                    .append("\",\"shape\":[");
            for (int d = 0; d < t.shape.length; d++) {
                json.append(d > 0 ? "," : "").append(t.shape[d]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return the total size of the data section */
    public long dataBytes() {
        return tensors.stream().mapToLong(SafetensorsFixture::dataBytes).sum();
    }

    private static long dataBytes(Tensor t) {
        long n = SIZES.get(t.dtype);
        for (long d : t.shape) {
            n *= d;
        }
        return n;
    }

    /** Writes the file with seeded random tensor data. */
    public Path write(Path file, long seed) throws IOException {
        byte[] header = header();
        byte[] data = new byte[Math.toIntExact(dataBytes())];
        new Random(seed).nextBytes(data);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, concat(prefix(header.length), header, data));
        return file;
    }

    /** Writes the header and leaves the data section as a sparse hole of zeros (for very large tensors). */
    public Path writeSparse(Path file) throws IOException {
        byte[] header = header();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(0);
            raf.write(prefix(header.length));
            raf.write(header);
            raf.setLength(8L + header.length + dataBytes());
        }
        return file;
    }

    /** @return 8 bytes little-endian */
    public static byte[] prefix(long length) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }
}
