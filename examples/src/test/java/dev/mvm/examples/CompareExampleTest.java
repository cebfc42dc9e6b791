package dev.mvm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The compare example")
class CompareExampleTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("compares 1.1.0 with 2.0.0, suggests MAJOR, and writes the HTML report and the stored comparison")
    void runs() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CompareExample.main(new String[] {tmp.toString()});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("Suggested bump: MAJOR")
                .contains("| accuracy | higher is better | 0.889 | **0.912 (+0.023, +2.59 %, better)** |")
                .contains("| `embeddings.word_embeddings.weight` | changed | F32 [1000, 32] | F32 [1200, 32] | +6,400 |");
        Matcher id = Pattern.compile("Comparison ([0-9a-f]{32}) written").matcher(out);
        assertThat(id.find()).isTrue();
        assertThat(tmp.resolve("comparisons").resolve(id.group(1) + ".json")).exists();
        assertThat(Files.readString(tmp.resolve("comparison.html"))).startsWith("<!DOCTYPE html>").contains("<svg");
    }
}
