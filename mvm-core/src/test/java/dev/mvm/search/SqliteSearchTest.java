package dev.mvm.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.Model;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.query.Filter;
import dev.mvm.api.query.Page;
import dev.mvm.api.query.SearchRequest;
import dev.mvm.api.query.SearchResult;
import dev.mvm.api.query.SearchScope;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.contract.SearchContract;
import dev.mvm.embedded.SqliteRegistryStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The embedded SQLite store")
class SqliteSearchTest extends SearchContract {
    @TempDir
    Path dir;

    @Override
    protected RegistryStore openStore() {
        return SqliteRegistryStore.open(dir.resolve("registry.db"));
    }

    private List<String> schema() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("registry.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master"
                        + " ORDER BY name")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            try (ResultSet count = st.executeQuery("SELECT (SELECT count(*) FROM models) || '/' ||"
                    + " (SELECT count(*) FROM versions)")) {
                count.next();
                rows.add(count.getString(1));
            }
        }
        return rows;
    }

    @Nested
    @DisplayName("with hostile input")
    class Hostile {
        @ParameterizedTest
        @ValueSource(strings = {"'; DROP TABLE models; --", "\" OR 1=1 --", "bert\" NEAR(x y)", "* OR *",
                "a'b\"c`d", "%_%", "\\", "-- ;", "NOT AND OR (", "🤖 模型 ñ", "bert) OR (1", "x:y^z"})
        @DisplayName("free text is only ever searched for, never run")
        void hostileText(String text) throws Exception {
            List<String> before = schema();
            SearchResult r = store.search(new SearchRequest(SearchScope.MODELS, text, Filter.ALL, List.of(), Page.FIRST));
            assertThat(r.total()).isLessThanOrEqualTo(6);
            store.search(new SearchRequest(SearchScope.VERSIONS, text, Filter.ALL, List.of(), Page.FIRST));
            assertThat(schema()).isEqualTo(before);
        }

        @ParameterizedTest
        @ValueSource(strings = {"name = '''; DROP TABLE models; --'", "description LIKE '%;DROP%'",
                "tags.`x'); DROP TABLE models; --` = 'y'", "metadata.`a\\\\b`.c = 'x'", "name = '\\'",
                "tags.`a``b` = 'x'", "params.`--` != '; DELETE FROM versions'", "name IN ('a', 'b', '''')",
                "description ILIKE '%\\%;%'", "metadata.`$[0]` = 1"})
        @DisplayName("filter values and keys are bound parameters; nothing is executed, the schema is intact")
        void hostileFilters(String filter) throws Exception {
            List<String> before = schema();
            for (SearchScope scope : SearchScope.values()) {
                SearchResult r = store.search(new SearchRequest(scope, "", Filter.parse(filter), List.of(), Page.FIRST));
                assertThat(r.total()).isZero();
            }
            assertThat(schema()).isEqualTo(before);
        }

        @Test
        @DisplayName("a tag key that looks like SQL is found like any other")
        void sqlLookingKey() {
            String key = "x'); DROP TABLE models; --";
            store.createModel(Model.builder("id-hostile", ModelName.of("hostile")).tags(Map.of(key, "v;--"))
                    .createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH).build());
            Filter f = Filter.field("tags.`" + key + "`").eq("v;--");
            SearchResult r = store.search(new SearchRequest(SearchScope.MODELS, "", f, List.of(), Page.FIRST));
            assertThat(r.hits()).extracting(h -> h.model().name().value()).containsExactly("hostile");
        }

        @Test
        @DisplayName("absurdly long or deep queries fail with clear errors before reaching the database")
        void absurd() throws Exception {
            List<String> before = schema();
            assertThatThrownBy(() -> Filter.parse("name = '" + "x".repeat(20_000) + "'"))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("at most 10000 are allowed");
            assertThatThrownBy(() -> Filter.parse("(".repeat(100) + "name = 'a'" + ")".repeat(100)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("nests deeper than 32");
            assertThatThrownBy(() -> Filter.parse(String.join(" OR ", java.util.Collections.nCopies(300, "name = 'a'"))))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("more than 200 comparisons");
            assertThatThrownBy(() -> new SearchRequest(SearchScope.MODELS, "bert ".repeat(100), Filter.ALL, List.of(),
                    Page.FIRST)).isInstanceOf(ValidationException.class).hasMessageContaining("at most 200");
            assertThatThrownBy(() -> Page.of(1, 10_000)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("1 to 200");
            // The longest legal filter runs.
            String longest = String.join(" OR ", java.util.Collections.nCopies(200, "tags.`k;--` = '%;DROP'"));
            assertThat(store.search(new SearchRequest(SearchScope.VERSIONS, "x".repeat(200), Filter.parse(longest),
                    List.of(), Page.FIRST)).total()).isZero();
            assertThat(schema()).isEqualTo(before);
        }
    }

    @Test
    @DisplayName("the per-model search rows follow model updates, metric updates, state changes and deletions")
    void searchRowsStayCurrent() throws Exception {
        Path db = dir.resolve("rows.db");
        Instant at = Instant.parse("2025-03-01T10:00:00Z");
        try (SqliteRegistryStore rows = SqliteRegistryStore.open(db)) {
            Model a = rows.createModel(Model.builder("id-a", ModelName.of("rows-a")).owner("user:alice")
                    .framework("pytorch").createdAt(at).updatedAt(at).build());
            Model b = rows.createModel(Model.builder("id-b", ModelName.of("rows-b")).owner("user:bob")
                    .createdAt(at).updatedAt(at).build());
            rows.createModel(Model.builder("id-c", ModelName.of("rows-c")).createdAt(at).updatedAt(at).build());
            assertThat(searchRows(db)).isEqualTo(expectedSearchRows(db));
            for (String[] v : new String[][] {{"rows-a", "1.0.0"}, {"rows-a", "2.0.0"}, {"rows-a", "1.5.0"},
                    {"rows-b", "1.0.0"}}) {
                rows.createVersion(ModelVersion.builder(ModelName.of(v[0]), SemanticVersion.parse(v[1]))
                        .metrics(Map.of("accuracy", 0.5 + v[1].charAt(0) / 1000.0, "f1", 0.25)).createdBy("user:alice")
                        .createdAt(at).updatedAt(at).build());
            }
            assertThat(searchRows(db)).isEqualTo(expectedSearchRows(db))
                    .anyMatch(r -> r.startsWith("model rows-a 2.0.0 DRAFT pytorch"));
            rows.updateModel(a.toBuilder().framework("onnx").owner("user:carol").updatedAt(at.plusSeconds(1)).build());
            ModelVersion latest = rows.findVersion(a.name(), SemanticVersion.parse("2.0.0")).orElseThrow();
            latest = rows.updateVersion(latest.toBuilder().metrics(Map.of("accuracy", 0.875, "latency_ms", 3.0))
                    .updatedAt(at.plusSeconds(2)).build());
            latest = rows.transition(new StateChange(latest.ref(), LifecycleState.DRAFT, LifecycleState.STAGING,
                    "user:alice", at.plusSeconds(3), ""), latest.revision());
            assertThat(searchRows(db)).isEqualTo(expectedSearchRows(db))
                    .contains("metric rows-a accuracy 0.875 real", "metric rows-a latency_ms 3.0 real")
                    .anyMatch(r -> r.startsWith("model rows-a 2.0.0 STAGING onnx user:carol "));
            rows.deleteVersion(a.name(), latest.version(), latest.revision());
            assertThat(searchRows(db)).isEqualTo(expectedSearchRows(db))
                    .anyMatch(r -> r.startsWith("model rows-a 1.5.0 DRAFT onnx"));
            rows.deleteModel(b.name(), b.revision());
            assertThat(searchRows(db)).isEqualTo(expectedSearchRows(db)).noneMatch(r -> r.contains("rows-b"));
        }
    }

    private static List<String> searchRows(Path db) throws Exception {
        return query(db, "SELECT 'model ' || s.name || ' ' || coalesce(v.version, '-') || ' ' || coalesce(s.state, '-')"
                + " || ' ' || s.framework || ' ' || s.owner || ' ' || s.task || ' ' || s.created_at || ' '"
                + " || s.updated_at FROM model_search s LEFT JOIN versions v ON v.pk = s.version_pk"
                + " UNION ALL SELECT 'metric ' || m.name || ' ' || k.name || ' ' || k.value || ' ' || typeof(k.value)"
                + " FROM model_metric k JOIN models m ON m.pk = k.model_pk ORDER BY 1");
    }

    private static List<String> expectedSearchRows(Path db) throws Exception {
        return query(db, "SELECT 'model ' || m.name || ' ' || coalesce(v.version, '-') || ' ' || coalesce(v.state, '-')"
                + " || ' ' || m.framework || ' ' || m.owner || ' ' || m.task || ' ' || m.created_at || ' '"
                + " || m.updated_at FROM models m LEFT JOIN model_latest l ON l.model_pk = m.pk"
                + " LEFT JOIN versions v ON v.pk = l.version_pk"
                + " UNION ALL SELECT 'metric ' || m.name || ' ' || j.key || ' ' || j.value || ' ' || typeof(j.value)"
                + " FROM models m JOIN model_latest l ON l.model_pk = m.pk JOIN versions v ON v.pk = l.version_pk,"
                + " json_each(v.metrics) j ORDER BY 1");
    }

    private static List<String> query(Path db, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
