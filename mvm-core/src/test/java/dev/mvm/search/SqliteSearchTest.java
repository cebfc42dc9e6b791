package dev.mvm.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
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
}
