package dev.mvm.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link Comparison} as one self-contained, well-formed (XML-parsable) HTML page: inline CSS and SVG
 * charts, no scripts, no external resources. Charts: one bar chart per metric (at most {@value #MAX_BAR_CHARTS}),
 * metric evolution per model (at most {@value #MAX_EVOLUTION_CHARTS} metrics), and parameter counts.
 */
final class HtmlReport {
    static final int MAX_BAR_CHARTS = 24;
    static final int MAX_EVOLUTION_CHARTS = 12;
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK SC',sans-serif;
            margin:0;background:#f6f7f9;color:#1f2328}
            main{max-width:1120px;margin:0 auto;padding:24px}
            h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
            h3{font-size:15px;margin:18px 0 6px}
            .meta{color:#57606a;font-size:13px}
            table{border-collapse:collapse;background:#fff;font-size:13px;margin:6px 0;width:100%}
            th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#eef1f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
            code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
            .charts{display:flex;flex-wrap:wrap;gap:12px}
            .chart{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:6px}
            .legend span{display:inline-block;margin-right:14px;font-size:13px}
            .legend i{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border-radius:2px}
            .better{color:#1a7f37;font-weight:600}.worse{color:#cf222e;font-weight:600}.missing{color:#8c959f;font-style:italic}
            .best{background:#dafbe1}
            .bump{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-weight:700;font-size:13px}
            .MAJOR{background:#cf222e}.MINOR{background:#bf8700}.PATCH{background:#1a7f37}
            .more{color:#57606a;font-size:12px}
            """;

    private HtmlReport() {
    }

    static String render(Comparison c) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>Comparison ").append(esc(c.id())).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<h1>Model comparison</h1>\n<p class=\"meta\">Comparison <code>").append(esc(c.id()))
                .append("</code> · created ").append(esc(c.createdAt().toString())).append(" · baseline <code>")
                .append(esc(c.baseline().ref())).append("</code></p>\n");
        legend(h, c);
        versions(h, c);
        metrics(h, c);
        evolution(h, c);
        parameters(h, c);
        for (VersionDiff d : c.diffs()) {
            diff(h, d);
        }
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void legend(StringBuilder h, Comparison c) {
        h.append("<p class=\"legend\">");
        for (int i = 0; i < c.versions().size(); i++) {
            h.append("<span><i style=\"background:").append(color(i)).append("\"></i><code>")
                    .append(esc(c.versions().get(i).ref())).append("</code></span>");
        }
        h.append("</p>\n");
    }

    private static void versions(StringBuilder h, Comparison c) {
        h.append("<h2>Versions</h2>\n<table>\n<tr><th>version</th><th>state</th><th>files</th><th>size</th>")
                .append("<th>parameters</th><th>tensors</th><th>formats</th><th>manifest root</th></tr>\n");
        for (VersionSummary v : c.versions()) {
            h.append("<tr><td><code>").append(esc(v.ref())).append("</code></td><td>").append(esc(v.state()))
                    .append("</td><td class=\"num\">").append(v.fileCount()).append("</td><td class=\"num\">")
                    .append(esc(ReportText.bytes(v.totalBytes()))).append("</td><td class=\"num\">")
                    .append(ReportText.count(v.parameterCount())).append("</td><td class=\"num\">")
                    .append(ReportText.count(v.tensorCount())).append("</td><td>").append(esc(v.formats()))
                    .append("</td><td><code>").append(esc(ReportText.digest(v.manifestRoot()))).append("</code></td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void metrics(StringBuilder h, Comparison c) {
        h.append("<h2>Metrics</h2>\n");
        if (c.metrics().isEmpty()) {
            h.append("<p>No metrics.</p>\n");
            return;
        }
        h.append("<div class=\"charts\">\n");
        c.metrics().stream().limit(MAX_BAR_CHARTS).forEach(r -> h.append(barChart(r, c)));
        h.append("</div>\n");
        if (c.metrics().size() > MAX_BAR_CHARTS) {
            h.append("<p class=\"more\">Charts for the first ").append(MAX_BAR_CHARTS).append(" of ")
                    .append(c.metrics().size()).append(" metrics; the table lists all.</p>\n");
        }
        h.append("<table>\n<tr><th>metric</th><th>direction</th>");
        c.versions().forEach(v -> h.append("<th><code>").append(esc(v.ref())).append("</code></th>"));
        h.append("</tr>\n");
        for (MetricRow r : c.metrics()) {
            h.append("<tr><td><code>").append(esc(r.name())).append("</code></td><td>")
                    .append(esc(ReportText.direction(r.direction()))).append("</td>");
            for (int i = 0; i < r.values().size(); i++) {
                Verdict v = r.verdicts().get(i);
                h.append("<td class=\"num").append(i == r.best() ? " best" : "").append("\">");
                if (r.values().get(i) == null) {
                    h.append("<span class=\"missing\">missing</span>");
                } else {
                    h.append(esc(ReportText.number(r.values().get(i))));
                    if (i > 0 && v != Verdict.MISSING) {
                        h.append("<br/><span class=\"").append(ReportText.verdict(v)).append("\">")
                                .append(esc(ReportText.signed(r.absoluteDifferences().get(i)))).append(" (")
                                .append(esc(ReportText.percent(r.relativeDifferences().get(i)))).append(") ")
                                .append(ReportText.verdict(v)).append("</span>");
                    } else if (i > 0) {
                        h.append("<br/><span class=\"missing\">baseline missing</span>");
                    }
                }
                h.append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static String barChart(MetricRow r, Comparison c) {
        int w = 260;
        int ht = 190;
        int top = 52;
        int bottom = 160;
        double max = 0;
        double min = 0;
        for (Double v : r.values()) {
            if (v != null) {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
        }
        double span = max - min == 0 ? 1 : max - min;
        int n = r.values().size();
        int slot = (w - 20) / n;
        int barW = Math.max(6, Math.min(48, slot - 10));
        double zeroY = bottom - (0 - min) / span * (bottom - top);
        StringBuilder s = new StringBuilder();
        s.append("<div class=\"chart\"><svg width=\"").append(w).append("\" height=\"").append(ht)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(ht).append("\" role=\"img\" aria-label=\"")
                .append(esc(r.name())).append(" per version\" class=\"metric-bars\">")
                .append("<title>").append(esc(r.name())).append(" per version</title>")
                .append("<text x=\"8\" y=\"16\" font-size=\"13\" font-weight=\"600\">").append(esc(trim(r.name(), 30)))
                .append("</text><text x=\"8\" y=\"29\" font-size=\"10\" fill=\"#57606a\">")
                .append(esc(ReportText.direction(r.direction()))).append("</text>");
        s.append(line(10, zeroY, w - 10, zeroY, "#8c959f"));
        for (int i = 0; i < n; i++) {
            Double v = r.values().get(i);
            double x = 10 + i * slot + (slot - barW) / 2.0;
            if (v == null) {
                s.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(zeroY - 40)).append("\" width=\"")
                        .append(barW).append("\" height=\"40\" fill=\"none\" stroke=\"#8c959f\" stroke-dasharray=\"3 3\"/>")
                        .append(text(x + barW / 2.0, zeroY - 44, "missing", 10, "#8c959f"));
                continue;
            }
            double y = bottom - (v - min) / span * (bottom - top);
            double y0 = Math.min(y, zeroY);
            double hgt = Math.max(1, Math.abs(zeroY - y));
            s.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(y0)).append("\" width=\"").append(barW)
                    .append("\" height=\"").append(f(hgt)).append("\" fill=\"").append(color(i)).append('"')
                    .append(i == r.best() ? " stroke=\"#1a7f37\" stroke-width=\"2\"" : "").append("><title>")
                    .append(esc(c.versions().get(i).ref() + ": " + ReportText.number(v))).append("</title></rect>")
                    .append(text(x + barW / 2.0, y0 - 4, ReportText.number(v), 10, "#1f2328"));
        }
        for (int i = 0; i < n; i++) {
            double x = 10 + i * slot + slot / 2.0;
            s.append(text(x, ht - 14, trim(versionOf(c.versions().get(i).ref()), 14), 10, "#57606a"));
        }
        s.append("</svg></div>\n");
        return s.toString();
    }

    private static void evolution(StringBuilder h, Comparison c) {
        h.append("<h2>Metric evolution</h2>\n");
        for (MetricEvolution e : c.evolution()) {
            h.append("<h3>").append(esc(e.model())).append(" — all ").append(e.versions().size())
                    .append(" versions</h3>\n<div class=\"charts\">\n");
            List<String> compared = new ArrayList<>();
            c.versions().forEach(v -> {
                if (v.ref().startsWith(e.model() + "@")) {
                    compared.add(versionOf(v.ref()));
                }
            });
            e.series().stream().limit(MAX_EVOLUTION_CHARTS).forEach(s -> h.append(lineChart(e, s, compared)));
            h.append("</div>\n");
            if (e.series().isEmpty()) {
                h.append("<p>No metrics.</p>\n");
            }
        }
    }

    private static String lineChart(MetricEvolution e, MetricEvolution.Series series, List<String> compared) {
        int w = 360;
        int ht = 200;
        int left = 46;
        int right = w - 14;
        int top = 34;
        int bottom = 160;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (Double v : series.values()) {
            if (v != null) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("<div class=\"chart\"><svg width=\"").append(w).append("\" height=\"").append(ht)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(ht).append("\" role=\"img\" aria-label=\"")
                .append(esc(series.metric())).append(" across versions\" class=\"metric-evolution\"><title>")
                .append(esc(e.model() + " " + series.metric())).append(" across versions</title>")
                .append("<text x=\"8\" y=\"16\" font-size=\"13\" font-weight=\"600\">").append(esc(trim(series.metric(), 40)))
                .append("</text><text x=\"8\" y=\"29\" font-size=\"10\" fill=\"#57606a\">")
                .append(esc(ReportText.direction(series.direction()))).append("</text>");
        if (min == Double.MAX_VALUE) {
            return s.append(text(w / 2.0, ht / 2.0, "no values", 12, "#8c959f")).append("</svg></div>\n").toString();
        }
        if (max == min) {
            max += Math.abs(max) * 0.05 + 1e-9;
            min -= Math.abs(min) * 0.05 + 1e-9;
        }
        double pad = (max - min) * 0.08;
        double lo = min - pad;
        double hi = max + pad;
        int n = e.versions().size();
        Function<Integer, Double> xOf = i -> n == 1 ? (left + right) / 2.0 : left + i * (right - left) / (double) (n - 1);
        Function<Double, Double> yOf = v -> bottom - (v - lo) / (hi - lo) * (bottom - top);
        s.append(line(left, bottom, right, bottom, "#8c959f")).append(line(left, top, left, bottom, "#8c959f"));
        s.append(text(left - 4, yOf.apply(max) + 3, ReportText.number(max), 9, "#57606a", "end"));
        s.append(text(left - 4, yOf.apply(min) + 3, ReportText.number(min), 9, "#57606a", "end"));
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Double v = series.values().get(i);
            if (v == null) {
                flush(s, points);
                continue;
            }
            points.append(f(xOf.apply(i))).append(',').append(f(yOf.apply(v))).append(' ');
        }
        flush(s, points);
        int step = Math.max(1, (int) Math.ceil(n / 8.0));
        for (int i = 0; i < n; i++) {
            Double v = series.values().get(i);
            boolean isCompared = compared.contains(e.versions().get(i));
            if (v != null) {
                s.append("<circle cx=\"").append(f(xOf.apply(i))).append("\" cy=\"").append(f(yOf.apply(v)))
                        .append("\" r=\"").append(isCompared ? 5 : 3).append("\" fill=\"")
                        .append(isCompared ? "#f28e2b" : "#4e79a7").append("\"><title>")
                        .append(esc(e.versions().get(i) + ": " + ReportText.number(v))).append("</title></circle>");
            }
            if (i % step == 0 || i == n - 1 || isCompared) {
                s.append(text(xOf.apply(i), bottom + 16, trim(e.versions().get(i), 12), 9,
                        isCompared ? "#1f2328" : "#57606a"));
            }
        }
        return s.append("</svg></div>\n").toString();
    }

    private static void flush(StringBuilder s, StringBuilder points) {
        if (points.length() > 0) {
            s.append("<polyline points=\"").append(points.toString().trim())
                    .append("\" fill=\"none\" stroke=\"#4e79a7\" stroke-width=\"2\"/>");
            points.setLength(0);
        }
    }

    private static void parameters(StringBuilder h, Comparison c) {
        h.append("<h2>Parameter count</h2>\n");
        int rowH = 30;
        int w = 720;
        int labelW = 220;
        int ht = 20 + rowH * c.versions().size();
        long max = c.versions().stream().mapToLong(VersionSummary::parameterCount).max().orElse(0);
        h.append("<div class=\"chart\"><svg width=\"").append(w).append("\" height=\"").append(ht)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(ht)
                .append("\" role=\"img\" aria-label=\"parameter count per version\" class=\"parameter-count\">")
                .append("<title>parameter count per version</title>");
        long base = c.baseline().parameterCount();
        for (int i = 0; i < c.versions().size(); i++) {
            VersionSummary v = c.versions().get(i);
            double y = 10 + i * rowH;
            double len = max == 0 ? 0 : (w - labelW - 170) * (double) v.parameterCount() / max;
            h.append(text(labelW - 8, y + 18, trim(v.ref(), 34), 12, "#1f2328", "end"))
                    .append("<rect x=\"").append(labelW).append("\" y=\"").append(f(y + 4)).append("\" width=\"")
                    .append(f(Math.max(1, len))).append("\" height=\"").append(rowH - 10).append("\" fill=\"")
                    .append(color(i)).append("\"/>");
            String label = ReportText.count(v.parameterCount())
                    + (i == 0 ? "" : " (" + ReportText.signedCount(v.parameterCount() - base) + ")");
            h.append(text(labelW + len + 6, y + 18, label, 12, "#1f2328", "start"));
        }
        h.append("</svg></div>\n");
    }

    private static void diff(StringBuilder h, VersionDiff d) {
        StructureDiff s = d.structure();
        h.append("<h2><code>").append(esc(d.from())).append("</code> → <code>").append(esc(d.to())).append("</code></h2>\n");
        h.append("<p>Suggested bump: <span class=\"bump ").append(d.suggestedBump().bump()).append("\">")
                .append(d.suggestedBump().bump()).append("</span></p>\n<ul>\n");
        d.suggestedBump().reasons().stream().limit(20).forEach(r -> h.append("<li>").append(esc(r)).append("</li>\n"));
        h.append("</ul>\n<p>Parameters ").append(ReportText.count(s.oldParameters())).append(" → ")
                .append(ReportText.count(s.newParameters())).append(" (").append(ReportText.signedCount(s.parameterDelta()))
                .append("), tensors ").append(s.oldTensors()).append(" → ").append(s.newTensors())
                .append(", unchanged files ").append(s.unchangedFiles()).append(".</p>\n");
        entries(h, "Parameters", d.params());
        entries(h, "Tags", d.tags());
        if (!s.tensors().isEmpty()) {
            h.append("<h3>Tensors</h3>\n<table>\n<tr><th>tensor</th><th>change</th><th>old</th><th>new</th><th>parameters</th></tr>\n");
            rows(h, s.tensors(), t -> "<tr><td><code>" + esc(t.name()) + "</code></td><td>" + kind(t.kind()) + "</td><td>"
                    + esc(t.oldDtype() == null ? "–" : t.oldDtype() + " " + ReportText.shape(t.oldShape())) + "</td><td>"
                    + esc(t.newDtype() == null ? "–" : t.newDtype() + " " + ReportText.shape(t.newShape()))
                    + "</td><td class=\"num\">" + ReportText.signedCount(t.parameterDelta()) + "</td></tr>");
            h.append("</table>\n");
        }
        entries(h, "Layers", s.layers());
        entries(h, "Operators", s.operators());
        if (!s.graphValues().isEmpty()) {
            h.append("<h3>Inputs and outputs</h3>\n<table>\n<tr><th>role</th><th>name</th><th>change</th><th>old</th><th>new</th></tr>\n");
            rows(h, s.graphValues(), v -> "<tr><td>" + v.role() + "</td><td><code>" + esc(v.name()) + "</code></td><td>"
                    + kind(v.kind()) + "</td><td>" + esc(v.oldDtype() == null ? "–" : v.oldDtype() + " "
                    + ReportText.shape(v.oldShape())) + "</td><td>" + esc(v.newDtype() == null ? "–" : v.newDtype() + " "
                    + ReportText.shape(v.newShape())) + "</td></tr>");
            h.append("</table>\n");
        }
        entries(h, "Metadata", s.metadata());
        if (!s.files().isEmpty()) {
            h.append("<h3>Files</h3>\n<table>\n<tr><th>path</th><th>change</th><th>old size</th><th>new size</th>")
                    .append("<th>old sha256</th><th>new sha256</th></tr>\n");
            rows(h, s.files(), f -> "<tr><td><code>" + esc(f.path()) + "</code></td><td>" + kind(f.kind())
                    + "</td><td class=\"num\">" + esc(ReportText.bytes(f.oldSize())) + "</td><td class=\"num\">"
                    + esc(ReportText.bytes(f.newSize())) + "</td><td><code>" + esc(ReportText.digest(f.oldSha256()))
                    + "</code></td><td><code>" + esc(ReportText.digest(f.newSha256())) + "</code></td></tr>");
            h.append("</table>\n");
        }
    }

    private static void entries(StringBuilder h, String title, List<EntryChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        h.append("<h3>").append(title).append("</h3>\n<table>\n<tr><th>key</th><th>change</th><th>old</th><th>new</th></tr>\n");
        rows(h, changes, e -> "<tr><td><code>" + esc(e.key()) + "</code></td><td>" + kind(e.kind()) + "</td><td>"
                + esc(ReportText.or(e.oldValue())) + "</td><td>" + esc(ReportText.or(e.newValue())) + "</td></tr>");
        h.append("</table>\n");
    }

    private static <T> void rows(StringBuilder h, List<T> items, Function<T, String> row) {
        items.stream().limit(MarkdownReport.MAX_ROWS).forEach(i -> h.append(row.apply(i)).append('\n'));
        if (items.size() > MarkdownReport.MAX_ROWS) {
            h.append("<tr><td colspan=\"6\" class=\"more\">… and ").append(items.size() - MarkdownReport.MAX_ROWS)
                    .append(" more (see the JSON report)</td></tr>\n");
        }
    }

    private static String text(double x, double y, String s, int size, String fill) {
        return text(x, y, s, size, fill, "middle");
    }

    private static String text(double x, double y, String s, int size, String fill, String anchor) {
        return "<text x=\"" + f(x) + "\" y=\"" + f(y) + "\" font-size=\"" + size + "\" fill=\"" + fill
                + "\" text-anchor=\"" + anchor + "\">" + esc(s) + "</text>";
    }

    private static String line(double x1, double y1, double x2, double y2, String stroke) {
        return "<line x1=\"" + f(x1) + "\" y1=\"" + f(y1) + "\" x2=\"" + f(x2) + "\" y2=\"" + f(y2) + "\" stroke=\""
                + stroke + "\"/>";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String color(int i) {
        return COLORS[i % COLORS.length];
    }

    private static String kind(ChangeKind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }

    private static String versionOf(String ref) {
        return ref.substring(ref.lastIndexOf('@') + 1);
    }

    private static String trim(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String esc(@Nullable String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (ch < 0x20 && ch != '\n' && ch != '\t') {
                        out.append('?');
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
