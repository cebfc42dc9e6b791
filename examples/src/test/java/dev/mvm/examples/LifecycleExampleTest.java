package dev.mvm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The lifecycle example")
class LifecycleExampleTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("promotes, publishes, rolls back and prints the histories and events")
    void runs() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LifecycleExample.main(new String[] {tmp.toString()});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("production serves fraud-detector@1.0.0 (PRODUCTION)",
                "ROLLBACK 1.1.0 -> 1.0.0 by user:alice latency regression",
                "PRODUCTION -> DEPRECATED", "pointer.rolled_back fraud-detector#production",
                "versions by state {PRODUCTION=1, DEPRECATED=1}");
    }
}
