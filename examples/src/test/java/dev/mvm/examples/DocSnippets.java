package dev.mvm.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the snippet regions of the examples ({@code // snippet:NAME} ... {@code // end-snippet}) and the
 * Java blocks of the docs that declare {@code <!-- snippet:NAME -->} right before them.
 */
final class DocSnippets {
    private static final Pattern REGION = Pattern.compile("// snippet:([\\w-]+)\\n(.*?)\\n[ \\t]*// end-snippet",
            Pattern.DOTALL);
    private static final Pattern DOC_BLOCK = Pattern.compile("<!-- snippet:([\\w-]+) -->\\s*```java\\n(.*?)```",
            Pattern.DOTALL);

    private DocSnippets() {
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("Cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** @return snippet name to dedented text, from the example sources */
    static java.util.Map<String, String> regions(Path sourceDir) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (var files = Files.walk(sourceDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = REGION.matcher(Files.readString(f));
                while (m.find()) {
                    out.put(m.group(1), dedent(m.group(2)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** @return (name, text) pairs of the docs' snippet blocks */
    static List<String[]> docBlocks(Path doc) {
        List<String[]> out = new ArrayList<>();
        try {
            Matcher m = DOC_BLOCK.matcher(Files.readString(doc));
            while (m.find()) {
                out.add(new String[] {m.group(1), m.group(2).stripTrailing()});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static String dedent(String text) {
        List<String> lines = text.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
