package dev.mvm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.error.BackendUnavailableException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Lineage;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.ModelListing;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SqliteRegistryStore under locks and hostile input")
class SqliteLockingAndInputTest {
    private static final List<String> HOSTILE = List.of(
            "'; DROP TABLE models; --",
            "\"); DELETE FROM versions; --",
            "x' OR '1'='1",
            "%", "_", "\\", "%_%' ESCAPE '\\",
            "1; ATTACH DATABASE '/tmp/evil.db' AS evil; --",
            "Robert'); DROP TABLE schema_version;--",
            "json'),('$.a",
            "𝕦𝕟𝕚𝕔𝕠𝕕𝕖 ✓ 中文");

    @TempDir
    Path dir;

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    @DisplayName("a write blocked by another process's lock beyond the busy timeout is a retryable BackendUnavailableException; reads go on")
    void busyBeyondTimeout() throws Exception {
        Path db = dir.resolve("registry.db");
        ModelName name = ModelName.of("locked-out");
        try (SqliteRegistryStore store = SqliteRegistryStore.open(db, Duration.ofMillis(300));
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = other.createStatement()) {
            Model seen = store.createModel(Model.builder("id-0", ModelName.of("seen")).createdAt(now())
                    .updatedAt(now()).build());
            st.execute("BEGIN IMMEDIATE");
            Model model = Model.builder("id-1", name).createdAt(now()).updatedAt(now()).build();

            assertThatThrownBy(() -> store.createModel(model))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("locked-out")
                    .hasMessageContaining("busy timeout")
                    .hasCauseInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((MvmException) e).retryable()).isTrue());
            assertThat(store.findModel(seen.name())).contains(seen);

            st.execute("ROLLBACK");
            assertThat(store.createModel(model).revision()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a write waits for another process's short transaction instead of failing")
    void waitsForShortLock() throws Exception {
        Path db = dir.resolve("registry.db");
        try (SqliteRegistryStore store = SqliteRegistryStore.open(db);
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = other.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            java.util.concurrent.CompletableFuture<Model> write = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> store.createModel(Model.builder("id-2", ModelName.of("patient")).createdAt(now())
                            .updatedAt(now()).build()));
            // the write cannot complete while the other connection holds the lock
            assertThat(write).isNotDone();
            st.execute("ROLLBACK");
            assertThat(write.get(30, java.util.concurrent.TimeUnit.SECONDS).revision()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a uniqueness violation the store does not check itself (a reused model id) is a ConflictException")
    void constraintViolationIsConflict() {
        try (SqliteRegistryStore store = SqliteRegistryStore.open(dir.resolve("registry.db"))) {
            store.createModel(Model.builder("same-id", ModelName.of("first")).createdAt(now()).updatedAt(now())
                    .build());
            Model second = Model.builder("same-id", ModelName.of("second")).createdAt(now()).updatedAt(now()).build();
            assertThatThrownBy(() -> store.createModel(second))
                    .isInstanceOf(dev.mvm.api.error.ConflictException.class)
                    .hasMessageContaining("second")
                    .hasCauseInstanceOf(SQLException.class);
            assertThat(store.findModel(ModelName.of("second"))).isEmpty();
        }
    }

    @Test
    @DisplayName("hostile text in every free field is stored as data: the schema never changes and values round-trip")
    void hostileInputNeverChangesSchema() throws Exception {
        Path db = dir.resolve("registry.db");
        List<String> schemaBefore;
        try (SqliteRegistryStore store = SqliteRegistryStore.open(db)) {
            schemaBefore = SqliteSchemaTest.query(db, "SELECT type || ':' || name || ':' || coalesce(sql, '')"
                    + " FROM sqlite_master ORDER BY name");
            int i = 0;
            for (String evil : HOSTILE) {
                ModelName name = ModelName.of("hostile-" + i++);
                Map<String, String> tags = new LinkedHashMap<>();
                tags.put("k" + evil, evil);
                Model model = store.createModel(Model.builder(evil + i, name).description(evil).framework(evil)
                        .task(evil).owner(evil).metadata(Map.of(evil, List.of(evil, Map.of("k", evil))))
                        .tags(tags).createdAt(now()).updatedAt(now()).build());
                assertThat(store.findModel(name)).contains(model);
                ModelVersion version = store.createVersion(ModelVersion.builder(name, SemanticVersion.of(1, 0, 0))
                        .description(evil).params(Map.of("p", evil)).tags(Map.of("t", evil))
                        .metrics(Map.of("m" + evil, 1.0)).lineage(new Lineage(null, List.of(), evil, evil))
                        .createdBy(evil).createdAt(now()).updatedAt(now()).build());
                assertThat(store.findVersion(name, SemanticVersion.of(1, 0, 0))).contains(version);
                StateChange change = new StateChange(version.ref(), LifecycleState.DRAFT, LifecycleState.STAGING,
                        evil, now(), evil);
                store.transition(change, 1);
                assertThat(store.stateHistory(name, SemanticVersion.of(1, 0, 0))).containsExactly(change);
                PointerMove move = new PointerMove(name, EnvironmentName.PRODUCTION, null, SemanticVersion.of(1, 0, 0),
                        PointerMove.Kind.PUBLISH, evil, now(), evil);
                assertThat(store.movePointer(move)).isEqualTo(move);

                assertThat(store.listModels(ModelListing.all().withNamePrefix(evil))).isEmpty();
                assertThat(store.listModels(ModelListing.all().withFramework(evil)).stream()
                        .map(m -> m.name().value())).containsExactly(name.value());
                assertThat(store.listModels(ModelListing.all().withTask(evil).withTag("k" + evil, evil)))
                        .containsExactly(model);
            }
            assertThat(store.listModels(ModelListing.all().withLimit(1000))).hasSize(HOSTILE.size());
        }
        assertThat(SqliteSchemaTest.query(db, "SELECT type || ':' || name || ':' || coalesce(sql, '')"
                + " FROM sqlite_master ORDER BY name")).isEqualTo(schemaBefore);
        assertThat(SqliteSchemaTest.query(db, "PRAGMA database_list")).hasSize(1);
    }
}
