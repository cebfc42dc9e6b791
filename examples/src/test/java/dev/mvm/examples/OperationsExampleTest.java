package dev.mvm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The operations example")
class OperationsExampleTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("plans and applies retention, collects, backs up, migrates, exports and imports")
    void runs() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            OperationsExample.main(new String[] {tmp.toString()});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("fraud@1.0.0 stays: [RECENT_PRODUCTION, ENVIRONMENT_POINTER]",
                "fraud@1.1.0 goes", "fraud@1.4.0 stays: [LATEST]", "5000 bytes to free",
                "removed [fraud@1.1.0, fraud@1.2.0]", "collected 0 blobs", "backup: 3 versions, sound=true",
                "second run copied nothing: true", "archive: 3 versions");
    }
}
