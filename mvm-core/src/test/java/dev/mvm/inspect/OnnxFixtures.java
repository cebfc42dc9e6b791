package dev.mvm.inspect;

import java.io.IOException;
import java.io.InputStream;

/**
 * The committed ONNX fixtures under {@code src/test/resources/fixtures}, made by
 * {@code src/test/python/make_onnx_fixtures.py} with the {@code onnx} package: {@code mlp-2.onnx} (Gemm, Relu,
 * Gemm, Softmax) and {@code mlp-3.onnx} (one more Gemm and Relu).
 */
public final class OnnxFixtures {
    private OnnxFixtures() {
    }

    /** @return the bytes of a fixture */
    public static byte[] bytes(String name) throws IOException {
        try (InputStream in = OnnxFixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing test fixture /fixtures/" + name
                        + "; run src/test/python/make_onnx_fixtures.py");
            }
            return in.readAllBytes();
        }
    }
}
