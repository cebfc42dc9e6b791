package dev.mvm.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.api.lifecycle.LifecycleState;
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
import dev.mvm.api.query.TextRelevance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The in-memory evaluator")
class InMemorySearchTest {
    private static final Model BERT = Model.builder("1", ModelName.of("bert-base-chinese")).framework("pytorch")
            .description("BERT for Chinese").tags(Map.of("language", "chinese")).metadata(Map.of("license", "mit"))
            .createdAt(Instant.parse("2026-06-02T10:00:00Z")).updatedAt(Instant.parse("2026-06-02T10:00:00Z")).build();
    private static final ModelVersion V = ModelVersion.builder(BERT.name(), SemanticVersion.parse("1.10.0-rc.2"))
            .state(LifecycleState.STAGING).metrics(Map.of("accuracy", 0.93)).params(Map.of("lr", "3e-5")).build();

    private static Boolean eval(String filter) {
        return InMemorySearch.evaluate(Filter.parse(filter), SearchScope.MODELS, BERT, V);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "unknown", value = {
        "name LIKE 'bert%'|true",
        "name LIKE 'BERT%'|false",
        "name ILIKE 'BERT%'|true",
        "name LIKE 'bert-base-_hinese'|true",
        "name LIKE 'bert'|false",
        "tags.language = 'chinese'|true",
        "tags.missing = 'x'|unknown",
        "tags.missing != 'x'|unknown",
        "NOT tags.missing = 'x'|unknown",
        "tags.missing = 'x' OR name = 'bert-base-chinese'|true",
        "tags.missing = 'x' AND name = 'other'|false",
        "metrics.accuracy > 0.9|true",
        "metrics.accuracy = 0.93|true",
        "metrics.f1 < 1|unknown",
        "state = 'staging'|true",
        "version > '1.9.0'|true",
        "version < '1.10.0'|true",
        "version = '1.10.0-rc.2+build.5'|true",
        "version LIKE '1.10.%'|true",
        "created > '2026-06-02'|true",
        "created > '2026-06-02T10:00:00Z'|false",
        "created >= '2026-06-02T12:00:00+02:00'|true",
        "metadata.license = 'mit'|true",
        "metadata.license > 3|unknown",
        "metadata.none = 'x'|unknown",
        "framework IN ('onnx', 'pytorch')|true",
        "tags.missing IN ('a')|unknown",
        "params.lr = '3e-5'|true"
    })
    @DisplayName("uses three-valued logic, SemVer precedence and instants")
    void semantics(String filter, Boolean expected) {
        assertThat(eval(filter)).isEqualTo(expected);
    }

    @Test
    @DisplayName("matches LIKE patterns with escapes and unicode")
    void like() {
        assertThat(InMemorySearch.like("100%", "100\\%", false)).isTrue();
        assertThat(InMemorySearch.like("1000", "100\\%", false)).isFalse();
        assertThat(InMemorySearch.like("模型a", "_型%", false)).isTrue();
        assertThat(InMemorySearch.like("Ab", "aB", true)).isTrue();
        assertThat(InMemorySearch.like("É", "é", true)).isFalse();
        assertThat(InMemorySearch.like("aXbXc", "a%b%c", false)).isTrue();
        assertThat(InMemorySearch.like("abc", "a%%d", false)).isFalse();
    }

    @Test
    @DisplayName("free text tolerates typos and partial words")
    void text() {
        assertThat(TextRelevance.score("bret", BERT)).isPositive();
        assertThat(TextRelevance.score("chin", BERT)).isPositive();
        assertThat(TextRelevance.score("chinse", BERT)).isPositive();
        assertThat(TextRelevance.score("bert onnx", BERT)).isZero();
        assertThat(TextRelevance.score("be", BERT)).isPositive();
        assertThat(TextRelevance.score("zz", BERT)).isZero();
        assertThat(TextRelevance.score("bert", BERT)).isGreaterThan(TextRelevance.score("bret", BERT));
        assertThat(TextRelevance.distance("bret", "bert", 1)).isEqualTo(1);
        assertThat(TextRelevance.distance("kitten", "sitting", 5)).isEqualTo(3);
        assertThat(TextRelevance.distance("a", "abcdef", 2)).isEqualTo(3);
        assertThat(TextRelevance.words("Bert-Base 中文, bert")).containsExactly("bert", "base", "中文");
    }

    @Test
    @DisplayName("sorts with missing values last, pages and continues with cursors")
    void sortAndPage() {
        List<SearchHit> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Model m = BERT.toBuilder().build();
            Model named = Model.builder("id" + i, ModelName.of("m" + i)).build();
            ModelVersion v = i % 3 == 0 ? null : V.toBuilder().metrics(Map.of("accuracy", i / 10.0)).build();
            rows.add(new SearchHit(named, v == null ? null : ModelVersion.builder(named.name(), v.version())
                    .metrics(v.metrics()).build(), null, null, 0));
            assertThat(m).isEqualTo(BERT);
        }
        SearchRequest request = SearchRequest.models(b -> b.sort(Sort.desc("metrics.accuracy")).page(1, 3));
        SearchResult first = InMemorySearch.search(request, rows);
        assertThat(first.total()).isEqualTo(7);
        assertThat(first.hits()).extracting(h -> h.model().name().value()).containsExactly("m5", "m4", "m2");
        SearchResult second = InMemorySearch.search(request.toBuilder().page(Page.after(first.nextCursor(), 3))
                .build(), rows);
        assertThat(second.hits()).extracting(h -> h.model().name().value()).containsExactly("m1", "m0", "m3");
        SearchResult third = InMemorySearch.search(request.toBuilder().page(Page.after(second.nextCursor(), 3))
                .build(), rows);
        assertThat(third.hits()).extracting(h -> h.model().name().value()).containsExactly("m6");
        assertThat(third.hasMore()).isFalse();
    }
}
