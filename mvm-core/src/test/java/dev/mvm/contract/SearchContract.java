package dev.mvm.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mvm.api.error.ValidationException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.query.Filter;
import dev.mvm.api.query.InMemorySearch;
import dev.mvm.api.query.Page;
import dev.mvm.api.query.SearchHit;
import dev.mvm.api.query.SearchRequest;
import dev.mvm.api.query.SearchResult;
import dev.mvm.api.query.SearchScope;
import dev.mvm.api.query.Sort;
import dev.mvm.api.spi.RegistryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The search behaviour every {@link RegistryStore} that implements {@link RegistryStore#search} must show: the
 * same rows, order and totals as {@link InMemorySearch}, the reference semantics, plus the documented examples.
 *
 * <p>Each test registers a small fixed catalogue whose models and versions all carry the tag
 * {@code contract=<random id>}, and every search is restricted to that tag, so implementations may share one
 * backend between tests. {@link #supportsSearch()} skips the suite for stores that do not implement search.
 */
public abstract class SearchContract {
    /** The time the catalogue's timestamps are based on. */
    protected static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    protected RegistryStore store;
    private String run;
    private String prefix;

    /** @return a store to search; the suite closes it */
    protected abstract RegistryStore openStore();

    /** @return whether the store implements {@link RegistryStore#search} */
    protected boolean supportsSearch() {
        return true;
    }

    @BeforeEach
    void fill() {
        assumeTrue(supportsSearch(), "the store does not implement search");
        store = openStore();
        run = UUID.randomUUID().toString().substring(0, 8);
        prefix = "s" + run + "-";
        Map<String, Object> bertMeta = new LinkedHashMap<>();
        bertMeta.put("input", Map.of("shape", List.of(1, 512), "dtype", "int64"));
        bertMeta.put("parameters", 110_000_000);
        bertMeta.put("license", "apache-2.0");
        model("bert-base-chinese", 1, m -> m.framework("pytorch").task("text-classification")
                .description("BERT base model for Chinese text").metadata(bertMeta)
                .tags(tags("language", "chinese", "team", "nlp")));
        version("bert-base-chinese", "1.0.0", 2, Map.of("accuracy", 0.91, "latency_ms", 12.0), LifecycleState.PRODUCTION);
        version("bert-base-chinese", "1.1.0", 3, Map.of("accuracy", 0.95, "latency_ms", 15.0), LifecycleState.STAGING);
        version("bert-base-chinese", "1.2.0-rc.1", 4, Map.of("accuracy", 0.96), LifecycleState.DRAFT);
        publish("bert-base-chinese", "1.0.0");
        model("bert-base-english", 2, m -> m.framework("pytorch").task("text-classification")
                .description("BERT base model for English").tags(tags("language", "english", "team", "nlp")));
        version("bert-base-english", "1.0.0", 5, Map.of("accuracy", 0.89), LifecycleState.DRAFT);
        model("resnet50", 3, m -> m.framework("onnx").task("image-classification")
                .description("Residual network, 50 layers").tags(tags("team", "vision")));
        version("resnet50", "2.0.0", 6, Map.of("accuracy", 0.76), LifecycleState.DRAFT);
        version("resnet50", "10.0.0", 7, Map.of("accuracy", 0.80), LifecycleState.DRAFT);
        model("fraud-detector", 4, m -> m.framework("xgboost").task("tabular")
                .description("Catches 100% of 'known' fraud \\ more").metadata(Map.of("license", "mit", "parameters", 5))
                .tags(tags("odd key.with dots", "yes", "team", "risk")));
        version("fraud-detector", "0.9.0", 8, Map.of("auc", 0.93), LifecycleState.DRAFT);
        model("empty-model", 5, m -> m.framework("").description("placeholder without versions")
                .tags(tags("team", "nlp")));
        model("zh-model", 6, m -> m.framework("paddle").description("中文语言模型，用于分类")
                .tags(tags("language", "中文")));
        version("zh-model", "0.1.0", 9, Map.of("accuracy", 0.88), LifecycleState.STAGING);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ------------------------------------------------------------------ catalogue

    private Map<String, String> tags(String... kv) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("contract", run);
        for (int i = 0; i < kv.length; i += 2) {
            tags.put(kv[i], kv[i + 1]);
        }
        return tags;
    }

    private ModelName name(String shortName) {
        return ModelName.of(prefix + shortName);
    }

    private void model(String shortName, int day, Consumer<Model.Builder> options) {
        Model.Builder b = Model.builder(UUID.randomUUID().toString(), name(shortName)).owner("user:alice")
                .createdAt(T0.plusSeconds(day * 86_400L)).updatedAt(T0.plusSeconds(day * 86_400L + 1));
        options.accept(b);
        store.createModel(b.build());
    }

    private void version(String shortName, String version, int day, Map<String, Double> metrics,
            LifecycleState state) {
        Instant at = T0.plusSeconds(day * 86_400L).plusMillis(123);
        ModelVersion v = store.createVersion(ModelVersion.builder(name(shortName), SemanticVersion.parse(version))
                .metrics(metrics).params(Map.of("lr", "3e-5")).tags(Map.of("contract", run))
                .description("version " + version).createdBy("user:alice").createdAt(at).updatedAt(at).build());
        List<LifecycleState> path = switch (state.name()) {
            case "STAGING" -> List.of(LifecycleState.STAGING);
            case "PRODUCTION" -> List.of(LifecycleState.STAGING, LifecycleState.PRODUCTION);
            default -> List.of();
        };
        LifecycleState from = LifecycleState.DRAFT;
        long revision = v.revision();
        for (LifecycleState to : path) {
            revision = store.transition(new StateChange(v.ref(), from, to, "user:alice", at, ""), revision).revision();
            from = to;
        }
    }

    private void publish(String shortName, String version) {
        store.movePointer(new PointerMove(name(shortName), EnvironmentName.PRODUCTION, null,
                SemanticVersion.parse(version), PointerMove.Kind.PUBLISH, "user:alice", T0, ""));
    }

    // ------------------------------------------------------------------ searching

    private SearchRequest request(SearchScope scope, String text, String filter, List<Sort> sorts, Page page) {
        Filter scoped = Filter.parse("tags.contract = '" + run + "'");
        return new SearchRequest(scope, text, scoped.and(Filter.parse(filter)), sorts, page);
    }

    /** Runs a search on the store and checks it against the reference evaluator. */
    private SearchResult search(SearchScope scope, String text, String filter, List<Sort> sorts, Page page) {
        SearchRequest request = request(scope, text, filter, sorts, page);
        SearchResult actual = store.search(request);
        SearchResult expected = InMemorySearch.search(store, request);
        if (request.effectiveSorts().get(0).isRelevance()) {
            // Relevance scores are the store's own; the rows must agree, their order may not.
            assertThat(keys(actual)).as("rows of %s", request).containsExactlyInAnyOrderElementsOf(keys(expected));
        } else {
            assertThat(keys(actual)).as("rows of %s", request).isEqualTo(keys(expected));
        }
        assertThat(actual.total()).as("total of %s", request).isEqualTo(expected.total());
        return actual;
    }

    private List<String> models(String text, String filter, Sort... sorts) {
        return rows(search(SearchScope.MODELS, text, filter, List.of(sorts), Page.of(1, 50)));
    }

    private List<String> versions(String text, String filter, Sort... sorts) {
        return keys(search(SearchScope.VERSIONS, text, filter, List.of(sorts), Page.of(1, 50)));
    }

    private String shortName(SearchHit hit) {
        return hit.model().name().value().substring(prefix.length());
    }

    /** @return {@code name@version} of every hit, {@code name@-} for a model without versions */
    private List<String> keys(SearchResult result) {
        return result.hits().stream().map(h -> shortName(h) + "@" + (h.version() == null ? "-"
                : h.version().version())).toList();
    }

    /** @return the model names of the hits */
    private List<String> rows(SearchResult result) {
        return result.hits().stream().map(this::shortName).toList();
    }

    private List<String> versionRows(SearchResult result) {
        return keys(result);
    }

    @Nested
    @DisplayName("filters")
    class Filters {
        @Test
        @DisplayName("LIKE is case-sensitive, ILIKE is not")
        void like() {
            assertThat(models("", "name LIKE '" + prefix + "bert%'")).containsExactly("bert-base-chinese",
                    "bert-base-english");
            assertThat(models("", "name LIKE '" + prefix.toUpperCase() + "BERT%'")).isEmpty();
            assertThat(models("", "name ILIKE '" + prefix.toUpperCase() + "BERT%'")).hasSize(2);
            assertThat(models("", "name LIKE '%-_ert-base-c%'")).containsExactly("bert-base-chinese");
        }

        @Test
        @DisplayName("the issue's example: tags, OR in parentheses, framework")
        void combined() {
            assertThat(models("", "tags.language = 'chinese' AND (framework = 'pytorch' OR framework = 'onnx')"))
                    .containsExactly("bert-base-chinese");
            assertThat(models("", "framework IN ('onnx', 'xgboost')")).containsExactly("fraud-detector", "resnet50");
        }

        @Test
        @DisplayName("in the models scope, version fields read the latest version")
        void latestVersion() {
            assertThat(models("", "metrics.accuracy >= 0.9")).containsExactly("bert-base-chinese");
            assertThat(models("", "state = 'draft'")).containsExactly("bert-base-chinese", "bert-base-english",
                    "fraud-detector", "resnet50");
            assertThat(models("", "version = '10.0.0'")).containsExactly("resnet50");
        }

        @Test
        @DisplayName("in the versions scope, every version is a row")
        void versionsScope() {
            assertThat(versionRows(search(SearchScope.VERSIONS, "", "metrics.accuracy >= 0.9", List.of(),
                    Page.of(1, 50)))).containsExactly("bert-base-chinese@1.2.0-rc.1", "bert-base-chinese@1.1.0",
                    "bert-base-chinese@1.0.0");
            assertThat(versionRows(search(SearchScope.VERSIONS, "", "state = 'PRODUCTION'", List.of(),
                    Page.of(1, 50)))).containsExactly("bert-base-chinese@1.0.0");
            assertThat(versionRows(search(SearchScope.VERSIONS, "", "version >= '2.0.0'",
                    List.of(Sort.asc("version")), Page.of(1, 50)))).containsExactly("resnet50@2.0.0",
                    "resnet50@10.0.0");
        }

        @Test
        @DisplayName("a missing tag or metric never matches, negated or not")
        void missing() {
            assertThat(models("", "tags.language != 'chinese'")).containsExactly("bert-base-english", "zh-model");
            assertThat(models("", "NOT metrics.accuracy > 0.85")).containsExactly("resnet50");
            assertThat(models("", "NOT (tags.language = 'chinese')")).containsExactly("bert-base-english",
                    "zh-model");
        }

        @Test
        @DisplayName("dates compare as instants; a date alone is midnight UTC")
        void dates() {
            assertThat(models("", "created > '2026-06-04'")).containsExactly("empty-model", "fraud-detector",
                    "zh-model");
            assertThat(models("", "created >= '2026-06-04T00:00:00Z' AND created < '2026-06-05'"))
                    .containsExactly("resnet50");
            assertThat(versionRows(search(SearchScope.VERSIONS, "", "created = '2026-06-04T00:00:00.123Z'",
                    List.of(), Page.of(1, 50)))).containsExactly("bert-base-chinese@1.1.0");
        }

        @Test
        @DisplayName("instants within one second compare by their fractions, with every operator")
        void fractionsOfOneSecond() {
            // the version of day 3 was created at 00:00:00.123 of 2026-06-04
            for (String at : List.of("2026-06-04T00:00:00Z", "2026-06-04T00:00:00.1229Z", "2026-06-04T00:00:00.123Z",
                    "2026-06-04T00:00:00.123000001Z", "2026-06-04T00:00:00.5Z", "2026-06-04T00:00:01Z")) {
                for (String op : List.of("=", "!=", "<", "<=", ">", ">=")) {
                    search(SearchScope.VERSIONS, "", "created " + op + " '" + at + "'", List.of(), Page.of(1, 50));
                    search(SearchScope.MODELS, "", "updated " + op + " '" + at + "'", List.of(), Page.of(1, 50));
                }
            }
            assertThat(versionRows(search(SearchScope.VERSIONS, "", "created > '2026-06-04T00:00:00.1229Z'"
                    + " AND created < '2026-06-04T00:00:00.5Z'", List.of(), Page.of(1, 50))))
                    .containsExactly("bert-base-chinese@1.1.0");
        }

        @Test
        @DisplayName("metadata paths compare strings with strings and numbers with numbers only")
        void metadata() {
            assertThat(models("", "metadata.license = 'apache-2.0'")).containsExactly("bert-base-chinese");
            assertThat(models("", "metadata.parameters > 1000")).containsExactly("bert-base-chinese");
            assertThat(models("", "metadata.license > 5")).isEmpty();
            assertThat(models("", "metadata.input.dtype = 'int64'")).containsExactly("bert-base-chinese");
            assertThat(models("", "metadata.input.shape = 512")).isEmpty();
        }

        @Test
        @DisplayName("backtick-quoted keys, escaped patterns and unicode values")
        void quoting() {
            assertThat(models("", "tags.`odd key.with dots` = 'yes'")).containsExactly("fraud-detector");
            assertThat(models("", "description LIKE '%100\\%%'")).containsExactly("fraud-detector");
            assertThat(models("", "description LIKE '%''known''%'")).containsExactly("fraud-detector");
            assertThat(models("", "description LIKE '%\\\\ more'")).containsExactly("fraud-detector");
            assertThat(models("", "description LIKE '%\\_%'")).isEmpty();
            assertThat(models("", "tags.language = '中文'")).containsExactly("zh-model");
            assertThat(models("", "params.lr = '3e-5' AND owner = 'user:alice'")).hasSize(5);
        }
    }

    @Nested
    @DisplayName("free text")
    class Text {
        @Test
        @DisplayName("tolerates typos and partial words")
        void fuzzy() {
            assertThat(models("bret", "")).contains("bert-base-chinese", "bert-base-english");
            assertThat(models("chin", "")).containsExactly("bert-base-chinese");
            assertThat(models("bert chinese", "")).containsExactly("bert-base-chinese");
            assertThat(models("chinse", "")).containsExactly("bert-base-chinese");
            assertThat(models("resnet", "")).containsExactly("resnet50");
            assertThat(models("xyzzyq", "")).isEmpty();
        }

        @Test
        @DisplayName("matches descriptions, tags and metadata, in any script")
        void fields() {
            assertThat(models("residual", "")).containsExactly("resnet50");
            assertThat(models("vision", "")).containsExactly("resnet50");
            assertThat(models("apache", "")).containsExactly("bert-base-chinese");
            assertThat(models("语言模", "")).containsExactly("zh-model");
        }

        @Test
        @DisplayName("ranks name matches above description matches")
        void ranking() {
            SearchResult r = store.search(request(SearchScope.MODELS, "english", "", List.of(), Page.of(1, 10)));
            assertThat(rows(r)).first().isEqualTo("bert-base-english");
        }
    }

    @Nested
    @DisplayName("sorting and paging")
    class Paging {
        @Test
        @DisplayName("sorts by a metric with missing values last, then by name")
        void sortByMetric() {
            assertThat(models("", "", Sort.desc("metrics.accuracy"))).containsExactly("bert-base-chinese",
                    "bert-base-english", "zh-model", "resnet50", "empty-model", "fraud-detector");
            assertThat(models("", "", Sort.asc("metrics.accuracy"))).containsExactly("resnet50", "zh-model",
                    "bert-base-english", "bert-base-chinese", "empty-model", "fraud-detector");
        }

        @ParameterizedTest
        @ValueSource(strings = {"name", "created", "updated", "framework", "version", "metadata.license",
                "tags.language", "params.lr", "state"})
        @DisplayName("sorts by any field in both directions and both scopes, like the reference")
        void sortByAnyField(String field) {
            for (SearchScope scope : SearchScope.values()) {
                search(scope, "", "", List.of(Sort.asc(field)), Page.of(1, 50));
                search(scope, "", "", List.of(Sort.desc(field)), Page.of(1, 50));
            }
        }

        @Test
        @DisplayName("pages and cursors cover every row once, with the total")
        void pages() {
            List<String> all = versions("", "", Sort.desc("created"));
            assertThat(all).hasSize(8);
            List<String> paged = new ArrayList<>();
            for (int p = 1; p <= 5; p++) {
                SearchResult r = search(SearchScope.VERSIONS, "", "", List.of(Sort.desc("created")), Page.of(p, 2));
                assertThat(r.total()).isEqualTo(8);
                paged.addAll(keys(r));
            }
            assertThat(paged).isEqualTo(all);

            List<String> byCursor = new ArrayList<>();
            SearchRequest first = request(SearchScope.VERSIONS, "", "", List.of(Sort.desc("created")), Page.of(1, 4));
            SearchResult r = store.search(first);
            byCursor.addAll(keys(r));
            while (r.hasMore()) {
                r = store.search(first.toBuilder().page(Page.after(r.nextCursor(), 4)).build());
                byCursor.addAll(keys(r));
            }
            assertThat(byCursor).isEqualTo(all);
        }

        @Test
        @DisplayName("free text with a filter and a sort on one metric pages like the reference, past the last page too")
        void textFilterAndSortOnOneMetric() {
            List<Sort> byAccuracy = List.of(Sort.desc("metrics.accuracy"));
            List<String> paged = new ArrayList<>();
            for (int p = 1; p <= 4; p++) {
                SearchResult r = search(SearchScope.MODELS, "bert", "metrics.accuracy >= 0.5 OR tags.language = 'x'",
                        byAccuracy, Page.of(p, 1));
                assertThat(r.total()).isEqualTo(2);
                paged.addAll(rows(r));
                assertThat(r.hits()).allSatisfy(h -> assertThat(h.relevance()).isPositive());
            }
            assertThat(paged).containsExactly("bert-base-chinese", "bert-base-english");
            SearchResult versions = search(SearchScope.VERSIONS, "bert", "", List.of(Sort.desc("version")),
                    Page.of(2, 2));
            assertThat(versions.hits()).isNotEmpty().allSatisfy(h -> assertThat(h.relevance()).isPositive());
        }

        @Test
        @DisplayName("a cursor of another search is refused")
        void foreignCursor() {
            SearchResult r = store.search(request(SearchScope.MODELS, "", "", List.of(), Page.of(1, 2)));
            SearchRequest other = request(SearchScope.MODELS, "bert", "", List.of(), Page.after(r.nextCursor(), 2));
            assertThatThrownBy(() -> store.search(other)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("cursor");
        }
    }

    @Nested
    @DisplayName("results")
    class Results {
        @Test
        @DisplayName("carry the model, its latest version, its production version and metrics")
        void hits() {
            SearchResult r = store.search(request(SearchScope.MODELS, "", "name = '" + prefix + "bert-base-chinese'",
                    List.of(), Page.FIRST));
            assertThat(r.total()).isEqualTo(1);
            SearchHit hit = r.hits().get(0);
            assertThat(hit.model().framework()).isEqualTo("pytorch");
            assertThat(hit.latestVersion().orElseThrow().version()).hasToString("1.2.0-rc.1");
            assertThat(hit.productionVersion().orElseThrow().version()).hasToString("1.0.0");
            assertThat(hit.metrics()).containsEntry("accuracy", 0.96);
            SearchResult empty = store.search(request(SearchScope.MODELS, "", "name = '" + prefix + "empty-model'",
                    List.of(), Page.FIRST));
            assertThat(empty.hits().get(0).latestVersion()).isEmpty();
            assertThat(empty.hits().get(0).metrics()).isEmpty();
        }
    }
}
