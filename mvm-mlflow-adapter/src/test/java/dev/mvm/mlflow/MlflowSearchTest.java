package dev.mvm.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.query.Filter;
import dev.mvm.api.query.InMemorySearch;
import dev.mvm.api.query.SearchHit;
import dev.mvm.api.query.SearchRequest;
import dev.mvm.api.query.SearchResult;
import dev.mvm.api.query.SearchScope;
import dev.mvm.api.query.Sort;
import dev.mvm.api.spi.ModelListing;
import dev.mvm.mlflow.internal.FilterPushDown;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Search against a real MLflow server: results equal {@link InMemorySearch} over the same models, what MLflow's
 * filter language can express is pushed down, and versions are fetched in batches, never per model.
 */
@DisplayName("Search with push-down to MLflow")
@ExtendWith(MlflowServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlflowSearchTest {
    private final String prefix = "srch-" + UUID.randomUUID().toString().substring(0, 8);
    private MlflowRegistryStore store;

    @BeforeAll
    void registerModels() {
        store = MlflowRegistryStore.builder().trackingUri(MlflowServerExtension.uri()).build();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        model("a", "onnx", Map.of("team", "vision"), "user:alice", now);
        model("b", "pytorch", Map.of("team", "nlp"), "user:bob", now);
        model("/c", "onnx", Map.of("team", "nlp"), "user:alice", now);
        model("d", "", Map.of(), "", now);
        version("a", "1.0.0", 0.7, now);
        version("a", "1.1.0", 0.9, now);
        version("b", "2.0.0+build.3", 0.95, now);
        version("/c", "0.1.0", 0.5, now);
        store.movePointer(new PointerMove(name("a"), EnvironmentName.PRODUCTION, null, SemanticVersion.of(1, 0, 0),
                PointerMove.Kind.PUBLISH, "user:alice", now, ""));
    }

    @AfterAll
    void close() {
        store.close();
    }

    private ModelName name(String suffix) {
        return ModelName.of(prefix + (suffix.startsWith("/") ? suffix : "-" + suffix));
    }

    private void model(String suffix, String framework, Map<String, String> tags, String owner, Instant now) {
        store.createModel(Model.builder(UUID.randomUUID().toString(), name(suffix)).framework(framework).tags(tags)
                .owner(owner).description("model " + suffix).createdAt(now).updatedAt(now).build());
    }

    private void version(String suffix, String v, double auc, Instant now) {
        store.createVersion(ModelVersion.builder(name(suffix), SemanticVersion.parse(v)).metrics(Map.of("auc", auc))
                .params(Map.of("lr", "3e-5")).createdAt(now).updatedAt(now).build());
    }

    /** The reference: {@link InMemorySearch} over this test's models, read one by one through the store. */
    private SearchResult reference(SearchRequest request) {
        List<SearchHit> rows = new ArrayList<>();
        for (Model m : store.listModels(ModelListing.all().withNamePrefix(prefix).withLimit(1000))) {
            List<ModelVersion> versions = store.listVersions(m.name());
            ModelVersion latest = versions.isEmpty() ? null : versions.get(versions.size() - 1);
            ModelVersion production = store.findPointer(m.name(), EnvironmentName.PRODUCTION)
                    .flatMap(p -> versions.stream().filter(v -> v.version().hasSamePrecedence(p.version())).findFirst())
                    .orElse(null);
            if (request.scope() == SearchScope.MODELS) {
                rows.add(new SearchHit(m, latest, latest, production, 0));
            } else {
                versions.forEach(v -> rows.add(new SearchHit(m, v, latest, production, 0)));
            }
        }
        return InMemorySearch.search(request, rows);
    }

    private SearchRequest request(SearchScope scope, String filter, Sort... sorts) {
        SearchRequest.Builder b = SearchRequest.builder(scope)
                .filter(Filter.field("name").like(prefix + "%").and(Filter.parse(filter)));
        for (Sort s : sorts) {
            b.sort(s);
        }
        return b.build();
    }

    private SearchResult expectRequests(int expected, SearchRequest request) {
        int before = store.requestCount();
        SearchResult result = store.search(request);
        assertThat(store.requestCount() - before).as("HTTP requests for " + request.filter()).isEqualTo(expected);
        return result;
    }

    @Test
    @DisplayName("results equal the in-memory reference for pushed, partly pushed and client-side filters")
    void sameAsReference() {
        List<SearchRequest> requests = List.of(
                request(SearchScope.MODELS, ""),
                request(SearchScope.MODELS, "framework = 'onnx'"),
                request(SearchScope.MODELS, "framework ILIKE 'ONN%' AND owner = 'user:alice'"),
                request(SearchScope.MODELS, "tags.team = 'nlp' OR framework = 'onnx'"),
                request(SearchScope.MODELS, "framework != 'onnx'"),
                request(SearchScope.MODELS, "NOT tags.team = 'vision'"),
                request(SearchScope.MODELS, "tags.team LIKE 'n%' AND metrics.auc > 0.8"),
                request(SearchScope.MODELS, "name = '" + prefix + "/c'"),
                request(SearchScope.MODELS, "name IN ('" + prefix + "-a', '" + prefix + "-b') AND description LIKE 'model%'"),
                request(SearchScope.MODELS, "", Sort.desc("metrics.auc")),
                request(SearchScope.VERSIONS, "metrics.auc >= 0.7", Sort.desc("metrics.auc")),
                request(SearchScope.VERSIONS, "framework = 'onnx' AND state = 'DRAFT'"),
                request(SearchScope.VERSIONS, "version >= '1.0.0' AND tags.team = 'nlp'"),
                SearchRequest.builder(SearchScope.MODELS).text(prefix + " vision")
                        .filter(Filter.field("name").like(prefix + "%")).build());
        for (SearchRequest r : requests) {
            assertThat(store.search(r)).as(r.scope() + " " + r.filter()).isEqualTo(reference(r));
        }
        assertThat(store.search(request(SearchScope.MODELS, "framework = 'onnx'")).hits())
                .extracting(h -> h.model().name().value()).containsExactly(prefix + "-a", prefix + "/c");
        SearchHit a = store.search(request(SearchScope.MODELS, "name = '" + prefix + "-a'")).hits().get(0);
        assertThat(a.latest().version().toString()).isEqualTo("1.1.0");
        assertThat(a.production().version().toString()).isEqualTo("1.0.0");
    }

    @Test
    @DisplayName("pages through results with a cursor exactly as the reference does")
    void paging() {
        SearchRequest first = SearchRequest.builder(SearchScope.VERSIONS)
                .filter(Filter.field("name").like(prefix + "%")).sort(Sort.asc("metrics.auc")).page(1, 2).build();
        SearchResult page1 = store.search(first);
        assertThat(page1).isEqualTo(reference(first));
        assertThat(page1.total()).isEqualTo(4);
        SearchRequest second = first.toBuilder().page(dev.mvm.api.query.Page.after(page1.nextCursor(), 2)).build();
        assertThat(store.search(second)).isEqualTo(reference(second));
    }

    @Test
    @DisplayName("a pushed-down filter costs one search plus one batched version read, whatever the registry holds")
    void pushedDownRequests() {
        assertThat(expectRequests(2, request(SearchScope.MODELS, "name = '" + prefix + "-a'")).hits()).hasSize(1);
        assertThat(expectRequests(2, request(SearchScope.MODELS, "tags.team = 'nlp' AND framework = 'onnx'")).hits())
                .extracting(h -> h.model().name().value()).containsExactly(prefix + "/c");
        assertThat(expectRequests(2, request(SearchScope.MODELS, "metrics.auc > 0.8")).total()).isEqualTo(2);
        assertThat(expectRequests(2, request(SearchScope.VERSIONS, "")).total()).isEqualTo(4);
        assertThat(expectRequests(1, request(SearchScope.MODELS, "name = '" + prefix + "-none'")).total()).isZero();
    }

    @Test
    @DisplayName("translates exactly what MLflow's registered model filter can express, never narrowing")
    void translation() {
        assertThat(FilterPushDown.registeredModels(Filter.parse(
                "name LIKE 'nlp/b%' AND tags.team = 'x' AND framework = 'onnx' AND metrics.auc > 0.5"),
                SearchScope.MODELS)).isEqualTo("name LIKE 'nlp~b%' AND tags.`team` = 'x' AND tags.`mvm.framework` = 'onnx'");
        assertThat(FilterPushDown.registeredModels(Filter.parse("name IN ('a', 'ns/b') AND task ILIKE 'cls%'"),
                SearchScope.MODELS)).isEqualTo("name IN ('a', 'ns~b') AND tags.`mvm.task` ILIKE 'cls%'");
        assertThat(FilterPushDown.registeredModels(Filter.parse("tags.team = 'x' OR name = 'a'"), SearchScope.MODELS))
                .as("OR is evaluated client-side").isEmpty();
        assertThat(FilterPushDown.registeredModels(Filter.parse("framework != 'onnx' AND framework = ''"),
                SearchScope.MODELS)).as("a missing framework tag reads as ''").isEmpty();
        assertThat(FilterPushDown.registeredModels(Filter.parse("tags.team != 'Vision' AND tags.k != '42'"),
                SearchScope.MODELS)).as("!= only without letters").isEqualTo("tags.`k` != '42'");
        assertThat(FilterPushDown.registeredModels(Filter.parse("tags.team = 'vision'"), SearchScope.VERSIONS))
                .as("version tags are not registered model tags").isEmpty();
        assertThat(FilterPushDown.registeredModels(Filter.parse("name LIKE 'a\\_%' AND tags.q = 'it''s'"),
                SearchScope.MODELS)).as("no escapes in MLflow's filter language").isEmpty();
    }
}
