package dev.mvm.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.ModelRegistry;
import dev.mvm.inspect.OnnxFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

@DisplayName("Reports")
class ReportFormatTest {
    @TempDir
    Path dir;
    ModelRegistry registry;
    Comparison comparison;

    @BeforeEach
    void compare() throws IOException {
        registry = ModelRegistry.local(dir.resolve("registry"));
        registry.models().register("mlp");
        Path v1 = Files.createDirectories(dir.resolve("v1"));
        Files.write(v1.resolve("model.onnx"), OnnxFixtures.bytes("mlp-2.onnx"));
        Path v2 = Files.createDirectories(dir.resolve("v2"));
        Files.write(v2.resolve("model.onnx"), OnnxFixtures.bytes("mlp-3.onnx"));
        registry.model("mlp").newVersion().version("1.0.0").files(v1)
                .metrics(Map.of("accuracy", 0.912, "latency_ms", 4.5, "loss", 0.31)).param("lr", "3e-5")
                .tag("note", "<script>alert(1)</script> & \"quotes\"").register();
        registry.model("mlp").newVersion().version("1.1.0").files(v1)
                .metrics(Map.of("accuracy", 0.921, "latency_ms", 4.4)).param("lr", "2e-5").register();
        registry.model("mlp").newVersion().version("2.0.0").files(v2)
                .metrics(Map.of("accuracy", 0.934, "latency_ms", 5.1, "loss", 0.27)).param("lr", "2e-5").register();
        comparison = Comparisons.builder(registry.registryStore(), registry.artifactStore())
                .clock(Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC)).build()
                .compare("mlp@1.0.0", "mlp@2.0.0");
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    @DisplayName("JSON renders every field and reads back to an equal comparison")
    void json() {
        String json = ReportFormat.JSON.render(comparison);
        assertThat(json).contains("\"id\" : \"" + comparison.id() + "\"").contains("\"createdAt\" : \"2026-11-27T12:00:00Z\"")
                .contains("\"suggestedBump\"").contains("\"MAJOR\"");
        assertThat(ComparisonJson.read(json, "test")).isEqualTo(comparison);
    }

    @Test
    @DisplayName("Markdown has the versions, metrics with differences and the structure diff")
    void markdown() {
        String md = ReportFormat.MARKDOWN.render(comparison);
        assertThat(md).startsWith("# Comparison " + comparison.id())
                .contains("| metric | direction | `mlp@1.0.0` | `mlp@2.0.0` |")
                .contains("| accuracy | higher is better | 0.912 | **0.934 (+0.022, +2.41 %, better)** |")
                .contains("| loss | lower is better | 0.31 | **0.27 (−0.04, −12.90 %, better)** |")
                .contains("Suggested bump: **MAJOR**")
                .contains("| `fc1` | added | – | Gemm |")
                .contains("| `Gemm` | changed | 2 | 3 |")
                .contains("| `fc1.weight` | added | – | FLOAT [32, 32] | +1,024 |")
                .contains("Parameters: 676 → 1,732 (+1,056)");
    }

    @Test
    @DisplayName("HTML is well-formed, self-contained, escaped, and holds the three kinds of SVG chart with values")
    void html() throws Exception {
        String html = ReportFormat.HTML.render(comparison);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        Document doc = builder.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("html");

        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script")
                .doesNotContain("<link").doesNotContain("src=").doesNotContain("url(").doesNotContain("@import");
        NodeList svgs = doc.getElementsByTagName("svg");
        assertThat(svgs.getLength()).as("3 metric bar charts, 3 evolution charts, 1 parameter chart").isEqualTo(7);
        assertThat(count(html, "class=\"metric-bars\"")).isEqualTo(3);
        assertThat(count(html, "class=\"metric-evolution\"")).isEqualTo(3);
        assertThat(count(html, "class=\"parameter-count\"")).isEqualTo(1);
        assertThat(html).contains(">0.934<").contains(">0.912<").contains("1,732 (+1,056)")
                .contains("<span class=\"bump MAJOR\">MAJOR</span>").contains("mlp — all 3 versions");
        // the evolution chart of accuracy has a point for each of the three versions
        assertThat(count(html, "<circle ")).isEqualTo(3 + 3 + 2);
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;");
    }

    @Test
    @DisplayName("reports are written to files")
    void write() throws IOException {
        Path file = ReportFormat.HTML.write(comparison, dir.resolve("out/report.html"));
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>");
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
