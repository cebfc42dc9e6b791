package dev.mvm.examples;

import dev.mvm.ModelRegistry;
import dev.mvm.api.query.Filter;
import dev.mvm.api.query.Page;
import dev.mvm.api.query.SearchHit;
import dev.mvm.api.query.SearchRequest;
import dev.mvm.api.query.SearchResult;
import dev.mvm.api.query.Sort;
import dev.mvm.api.spi.DownloadLink;
import dev.mvm.search.MetricPoint;
import dev.mvm.search.Search;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Five realistic searches over a small embedded registry: fuzzy text with filters, the issue's filter language
 * example, versions across models sorted by a metric, deep paging with a cursor, and retrieval of a model's
 * metric history and download links.
 *
 * <p>Run it with {@code java -cp ... dev.mvm.examples.SearchExample [workdir]}.
 */
public final class SearchExample {
    private SearchExample() {
    }

    /**
     * @param args optionally, the working directory (default {@code target/search-example})
     * @throws IOException if the working directory cannot be cleared
     */
    public static void main(String[] args) throws IOException {
        Path work = Path.of(args.length > 0 ? args[0] : "target/search-example").toAbsolutePath();
        deleteRecursively(work);
        try (ModelRegistry registry = ModelRegistry.local(work)) {
            fill(registry);
            // snippet:search
            Search search = Search.of(registry);

            // 1. Typo-tolerant free text plus a filter, most relevant first.
            SearchResult bert = search.models("bret chin", "framework = 'pytorch'", Sort.RELEVANCE, Page.of(1, 10));

            // 2. The filter language: patterns, tags, OR in parentheses, metrics, states and dates.
            SearchResult candidates = search.models("", "name LIKE 'bert%' AND tags.language = 'chinese'"
                    + " AND (framework = 'pytorch' OR framework = 'onnx') AND metrics.accuracy >= 0.9"
                    + " AND created > '2020-01-01'", Sort.desc("metrics.accuracy"), Page.of(1, 20));

            // 3. Versions across all models, best F1 first, built fluently instead of parsed.
            SearchResult best = search.search(SearchRequest.versions(r -> r
                    .filter(Filter.field("task").eq("text-classification")
                            .and(Filter.field("metrics.f1").ge(0.85)))
                    .sort(Sort.desc("metrics.f1"))
                    .page(1, 5)));

            // 4. Deep paging: follow the opaque cursor instead of page numbers.
            SearchRequest everything = SearchRequest.versions(r -> r.sort(Sort.asc("created")).page(1, 4));
            SearchResult page = search.search(everything);
            int seen = page.hits().size();
            while (page.hasMore()) {
                page = search.search(everything.toBuilder().page(Page.after(page.nextCursor(), 4)).build());
                seen += page.hits().size();
            }

            // 5. Retrieval: metric history for a chart, and where to download the production version from.
            List<MetricPoint> history = search.metricHistory("bert-base-chinese");
            DownloadLink link = search.downloadLink("bert-base-chinese@1.1.0");
            // end-snippet

            print("1. 'bret chin' with framework = 'pytorch'", bert);
            print("2. filter language", candidates);
            print("3. versions by F1", best);
            System.out.println("4. paged through " + seen + " versions of " + page.total());
            System.out.println("5. history: " + history.size() + " points; "
                    + history.stream().filter(p -> p.name().equals("accuracy"))
                            .map(p -> p.version() + "=" + p.value()).toList());
            System.out.println("   download " + link + ", manifest " + link.uri().getScheme() + ":, "
                    + link.files().size() + " file(s), "
                    + (link.expiry().isPresent() ? "expires " + link.expiry().get() : "does not expire"));
        }
    }

    private static void print(String title, SearchResult result) {
        System.out.println(title + ": " + result.total() + " match(es)");
        for (SearchHit hit : result.hits()) {
            System.out.println("   " + hit.model().name() + hit.rowVersion().map(v -> "@" + v.version()).orElse("")
                    + " accuracy=" + hit.metrics().get("accuracy")
                    + hit.productionVersion().map(v -> " production=" + v.version()).orElse(""));
        }
    }

    private static void fill(ModelRegistry registry) {
        model(registry, "bert-base-chinese", "pytorch", "text-classification", "chinese",
                "BERT base, Chinese, fine-tuned for sentiment", new double[][] {{0.912, 0.905}, {0.934, 0.927}});
        model(registry, "bert-base-english", "pytorch", "text-classification", "english",
                "BERT base, English", new double[][] {{0.89, 0.87}});
        model(registry, "bert-large-chinese-onnx", "onnx", "text-classification", "chinese",
                "BERT large exported to ONNX", new double[][] {{0.941, 0.93}});
        model(registry, "resnet50", "onnx", "image-classification", "none", "ResNet-50 on ImageNet",
                new double[][] {{0.76, 0.75}, {0.79, 0.78}, {0.80, 0.79}});
        model(registry, "fraud-xgb", "xgboost", "tabular", "none", "Card fraud detector",
                new double[][] {{0.97, 0.64}});
    }

    private static void model(ModelRegistry registry, String name, String framework, String task, String language,
            String description, double[][] metrics) {
        registry.models().register(name, m -> m.framework(framework).task(task).tag("language", language)
                .description(description));
        for (int i = 0; i < metrics.length; i++) {
            registry.model(name).newVersion().version("1." + i + ".0")
                    .content("model.bin", (name + " weights " + i).getBytes(StandardCharsets.UTF_8))
                    .metrics(Map.of("accuracy", metrics[i][0], "f1", metrics[i][1])).register();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
