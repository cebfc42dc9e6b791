package dev.mvm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The search example")
class SearchExampleTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("runs its five searches and finds what it promises")
    void runs() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            SearchExample.main(new String[] {tmp.toString()});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("1. 'bret chin' with framework = 'pytorch': 1 match(es)", "bert-base-chinese@1.1.0",
                "2. filter language: 2 match(es)", "3. versions by F1: 4 match(es)",
                "4. paged through 8 versions of 8", "5. history: 4 points; [1.0.0=0.912, 1.1.0=0.934]",
                "manifest file:", "does not expire");
    }
}
