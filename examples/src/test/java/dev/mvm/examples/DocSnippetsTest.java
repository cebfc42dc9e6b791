package dev.mvm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Documentation snippets")
class DocSnippetsTest {

    @Test
    @DisplayName("every snippet block in docs/ is a verbatim copy of a compiled example region")
    void docsMatchExamples() throws IOException {
        Path root = DocSnippets.repoRoot();
        Map<String, String> regions = DocSnippets.regions(root.resolve("examples/src/main/java"));
        assertThat(regions).containsKey("quickstart");
        int checked = 0;
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).toList()) {
                for (String[] block : DocSnippets.docBlocks(doc)) {
                    assertThat(regions).as("%s names snippet '%s'", doc, block[0]).containsKey(block[0]);
                    assertThat(block[1]).as("snippet '%s' in %s", block[0], doc).isEqualTo(regions.get(block[0]));
                    checked++;
                }
            }
        }
        assertThat(checked).as("snippet blocks found in docs/").isGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("dedent keeps relative indentation")
    void dedent() {
        assertThat(DocSnippets.dedent("    a\n      b\n\n    c")).isEqualTo("a\n  b\n\nc");
        assertThat(List.of("x")).hasSize(1);
    }
}
