package dev.mvm.embedded;

import static dev.mvm.embedded.SqliteSchemaTest.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.error.StorageException;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.embedded.internal.SqliteSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SqliteRegistryStore schema migrations")
class SqliteMigrationTest {
    private static final String DIR = "/dev/mvm/embedded/";
    private static final SqliteSchema WITH_V2 =
            new SqliteSchema(DIR, List.of("schema/V1__init.sql", "schema/V2__search.sql",
                    "schema/V3__search_rows.sql", "schema-test/V2__add_notes.sql"));
    private static final SqliteSchema WITH_BROKEN_V2 =
            new SqliteSchema(DIR, List.of("schema/V1__init.sql", "schema/V2__search.sql",
                    "schema/V3__search_rows.sql", "schema-test/V2__broken.sql"));

    @TempDir
    Path dir;

    private static SqliteRegistryStore open(Path db, SqliteSchema schema) {
        return SqliteRegistryStore.open(db, Duration.ofSeconds(10), schema);
    }

    private static Model model(String name) {
        return Model.builder("id-" + name, ModelName.of(name)).owner("user:alice").createdAt(Instant.EPOCH)
                .updatedAt(Instant.EPOCH).build();
    }

    @Test
    @DisplayName("a newer version applies only the missing scripts, in order, and keeps the data")
    void upgrade() throws Exception {
        Path db = dir.resolve("registry.db");
        Model survivor = model("survivor");
        try (SqliteRegistryStore store = SqliteRegistryStore.open(db)) {
            store.createModel(survivor);
        }
        try (SqliteRegistryStore store = open(db, WITH_V2)) {
            assertThat(store.findModel(survivor.name())).contains(survivor.toBuilder().revision(1).build());
            store.createModel(model("after-upgrade"));
        }
        assertThat(query(db, "SELECT version || ' ' || script FROM schema_version ORDER BY version"))
                .containsExactly("1 V1__init.sql", "2 V2__search.sql", "3 V3__search_rows.sql",
                        "4 schema-test/V2__add_notes.sql");
        assertThat(query(db, "SELECT notes FROM models ORDER BY name")).containsExactly("", "");
        assertThat(query(db, "SELECT name FROM sqlite_master WHERE name = 'models_owner'")).hasSize(1);

        assertThatThrownBy(() -> SqliteRegistryStore.open(db)).as("the older code refuses the upgraded file")
                .isInstanceOf(StorageException.class).hasMessageContaining("schema version 4");
    }

    @Test
    @DisplayName("a fresh file gets every script in order")
    void freshWithAllScripts() throws Exception {
        Path db = dir.resolve("fresh.db");
        open(db, WITH_V2).close();
        assertThat(query(db, "SELECT version FROM schema_version ORDER BY version"))
                .containsExactly("1", "2", "3", "4");
    }

    @Test
    @DisplayName("a failing script rolls back entirely: the file stays at the previous version, still usable")
    void failingScriptRollsBack() throws Exception {
        Path db = dir.resolve("registry.db");
        SqliteRegistryStore.open(db).close();
        assertThatThrownBy(() -> open(db, WITH_BROKEN_V2)).isInstanceOf(StorageException.class)
                .hasMessageContaining("migrate the schema").hasCauseInstanceOf(java.sql.SQLException.class);
        assertThat(query(db, "SELECT version FROM schema_version ORDER BY version")).containsExactly("1", "2", "3");
        assertThat(query(db, "SELECT name FROM sqlite_master WHERE name = 'half_done'")).isEmpty();
        try (SqliteRegistryStore store = SqliteRegistryStore.open(db)) {
            assertThat(store.createModel(model("still-fine")).revision()).isEqualTo(1);
        }
    }
}
