package dev.mvm.compare;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Renders a {@link Comparison} as Markdown tables; long tables stop after {@value #MAX_ROWS} rows. */
final class MarkdownReport {
    static final int MAX_ROWS = 200;

    private MarkdownReport() {
    }

    static String render(Comparison c) {
        StringBuilder md = new StringBuilder();
        md.append("# Comparison ").append(c.id()).append("\n\n");
        md.append("Created ").append(c.createdAt()).append(". Baseline: `").append(c.baseline().ref()).append("`.\n\n");
        md.append("## Versions\n\n| version | state | files | size | parameters | tensors | formats |\n")
                .append("|---|---|---:|---:|---:|---:|---|\n");
        for (VersionSummary v : c.versions()) {
            md.append("| `").append(cell(v.ref())).append("` | ").append(v.state()).append(" | ").append(v.fileCount())
                    .append(" | ").append(ReportText.bytes(v.totalBytes())).append(" | ")
                    .append(ReportText.count(v.parameterCount())).append(" | ").append(ReportText.count(v.tensorCount()))
                    .append(" | ").append(v.formats().isEmpty() ? "–" : v.formats()).append(" |\n");
        }
        md.append("\n## Metrics\n\n");
        if (c.metrics().isEmpty()) {
            md.append("No metrics.\n");
        } else {
            md.append("| metric | direction |");
            c.versions().forEach(v -> md.append(" `").append(cell(v.ref())).append("` |"));
            md.append("\n|---|---|");
            c.versions().forEach(v -> md.append("---:|"));
            md.append('\n');
            rows(md, c.metrics(), r -> {
                StringBuilder row = new StringBuilder("| " + cell(r.name()) + " | " + ReportText.direction(r.direction()) + " |");
                for (int i = 0; i < r.values().size(); i++) {
                    String value = ReportText.number(r.values().get(i));
                    if (i > 0 && r.verdicts().get(i) != Verdict.MISSING) {
                        value += " (" + ReportText.signed(r.absoluteDifferences().get(i)) + ", "
                                + ReportText.percent(r.relativeDifferences().get(i)) + ", "
                                + ReportText.verdict(r.verdicts().get(i)) + ")";
                    }
                    row.append(' ').append(i == r.best() ? "**" + value + "**" : value).append(" |");
                }
                return row.toString();
            });
        }
        for (VersionDiff d : c.diffs()) {
            diff(md, d);
        }
        return md.toString();
    }

    private static void diff(StringBuilder md, VersionDiff d) {
        StructureDiff s = d.structure();
        md.append("\n## `").append(cell(d.from())).append("` → `").append(cell(d.to())).append("`\n\n");
        md.append("Suggested bump: **").append(d.suggestedBump().bump()).append("**");
        d.suggestedBump().reasons().stream().findFirst().ifPresent(r -> md.append(" — ").append(cell(r)));
        md.append("\n\n");
        md.append("Parameters: ").append(ReportText.count(s.oldParameters())).append(" → ")
                .append(ReportText.count(s.newParameters())).append(" (").append(ReportText.signedCount(s.parameterDelta()))
                .append("); tensors: ").append(s.oldTensors()).append(" → ").append(s.newTensors())
                .append("; unchanged files: ").append(s.unchangedFiles()).append(".\n");
        entries(md, "Parameters", "parameter", d.params());
        entries(md, "Tags", "tag", d.tags());
        if (!s.tensors().isEmpty()) {
            md.append("\n### Tensors\n\n| tensor | change | old | new | parameters |\n|---|---|---|---|---:|\n");
            rows(md, s.tensors(), t -> "| `" + cell(t.name()) + "` | " + kind(t.kind()) + " | "
                    + (t.oldDtype() == null ? "–" : t.oldDtype() + " " + ReportText.shape(t.oldShape())) + " | "
                    + (t.newDtype() == null ? "–" : t.newDtype() + " " + ReportText.shape(t.newShape())) + " | "
                    + ReportText.signedCount(t.parameterDelta()) + " |");
        }
        entries(md, "Layers", "layer", s.layers());
        entries(md, "Operators", "operator", s.operators());
        if (!s.graphValues().isEmpty()) {
            md.append("\n### Inputs and outputs\n\n| role | name | change | old | new |\n|---|---|---|---|---|\n");
            rows(md, s.graphValues(), v -> "| " + v.role() + " | `" + cell(v.name()) + "` | " + kind(v.kind()) + " | "
                    + (v.oldDtype() == null ? "–" : v.oldDtype() + " " + ReportText.shape(v.oldShape())) + " | "
                    + (v.newDtype() == null ? "–" : v.newDtype() + " " + ReportText.shape(v.newShape())) + " |");
        }
        entries(md, "Metadata", "key", s.metadata());
        if (!s.files().isEmpty()) {
            md.append("\n### Files\n\n| path | change | old size | new size | old sha256 | new sha256 |\n")
                    .append("|---|---|---:|---:|---|---|\n");
            rows(md, s.files(), f -> "| `" + cell(f.path()) + "` | " + kind(f.kind()) + " | "
                    + ReportText.bytes(f.oldSize()) + " | " + ReportText.bytes(f.newSize()) + " | "
                    + ReportText.digest(f.oldSha256()) + " | " + ReportText.digest(f.newSha256()) + " |");
        }
    }

    private static void entries(StringBuilder md, String title, String column, List<EntryChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        md.append("\n### ").append(title).append("\n\n| ").append(column).append(" | change | old | new |\n")
                .append("|---|---|---|---|\n");
        rows(md, changes, e -> "| `" + cell(e.key()) + "` | " + kind(e.kind()) + " | " + cell(ReportText.or(e.oldValue()))
                + " | " + cell(ReportText.or(e.newValue())) + " |");
    }

    private static <T> void rows(StringBuilder md, List<T> items, Function<T, String> row) {
        items.stream().limit(MAX_ROWS).forEach(i -> md.append(row.apply(i)).append('\n'));
        if (items.size() > MAX_ROWS) {
            md.append("\n… and ").append(items.size() - MAX_ROWS).append(" more (see the JSON report).\n");
        }
    }

    private static String kind(ChangeKind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ").replace("`", "'");
    }
}
