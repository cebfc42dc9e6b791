package dev.mvm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.error.StorageException;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SqliteRegistryStore schema and file")
class SqliteSchemaTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("opening creates the parent directories, the file, the WAL journal and the latest schema version")
    void freshFile() throws Exception {
        Path db = dir.resolve("a/b/c/registry.db");
        try (SqliteRegistryStore store = SqliteRegistryStore.open(db)) {
            assertThat(store.describe()).isEqualTo("sqlite:" + db.toAbsolutePath());
            assertThat(store.toString()).contains(db.toString());
        }
        assertThat(Files.isRegularFile(db)).isTrue();
        assertThat(query(db, "PRAGMA journal_mode")).containsExactly("wal");
        assertThat(query(db, "SELECT version || ' ' || script FROM schema_version")).containsExactly("1 V1__init.sql",
                "2 V2__search.sql", "3 V3__search_rows.sql");
        assertThat(query(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                .contains("models", "model_tags", "versions", "state_changes", "pointers", "pointer_moves");
    }

    @Test
    @DisplayName("reopening an up-to-date file applies nothing again and keeps the data")
    void reopen() throws Exception {
        Path db = dir.resolve("registry.db");
        Model model = Model.builder("id-1", ModelName.of("kept")).createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH)
                .build();
        try (SqliteRegistryStore store = SqliteRegistryStore.open(db)) {
            store.createModel(model);
        }
        for (int i = 0; i < 3; i++) {
            try (SqliteRegistryStore store = SqliteRegistryStore.open(db)) {
                assertThat(store.findModel(model.name())).contains(model.toBuilder().revision(1).build());
            }
        }
        assertThat(query(db, "SELECT count(*) FROM schema_version")).containsExactly("3");
    }

    @Test
    @DisplayName("a database with a newer schema is refused with a clear message and left untouched")
    void newerSchemaRefused() throws Exception {
        Path db = dir.resolve("registry.db");
        SqliteRegistryStore.open(db).close();
        execute(db, "INSERT INTO schema_version (version, script, applied_at) VALUES (4, 'V4__future.sql', 'x')");
        List<String> tablesBefore = query(db, "SELECT name FROM sqlite_master ORDER BY name");

        assertThatThrownBy(() -> SqliteRegistryStore.open(db))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("schema version 4")
                .hasMessageContaining("newer than this MVM version supports (up to 3)")
                .hasMessageContaining("Upgrade MVM")
                .hasMessageContaining(db.toString());

        assertThat(query(db, "SELECT version FROM schema_version ORDER BY version"))
                .containsExactly("1", "2", "3", "4");
        assertThat(query(db, "SELECT name FROM sqlite_master ORDER BY name")).isEqualTo(tablesBefore);
    }

    @Test
    @DisplayName("a file that is not a database fails with a storage error naming the file")
    void notADatabase() throws Exception {
        Path db = dir.resolve("garbage.db");
        Files.writeString(db, "this is not an SQLite database, just text long enough to fill a header......");
        assertThatThrownBy(() -> SqliteRegistryStore.open(db)).isInstanceOf(StorageException.class)
                .hasMessageContaining(db.toString()).hasCauseInstanceOf(java.sql.SQLException.class);
    }

    @Test
    @DisplayName("a directory that cannot be created fails with a storage error")
    void parentIsAFile() throws Exception {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where a directory should be");
        assertThatThrownBy(() -> SqliteRegistryStore.open(blocker.resolve("registry.db")))
                .isInstanceOf(StorageException.class).hasMessageContaining("blocker");
    }

    @Test
    @DisplayName("calls after close fail with a storage error saying the store is closed")
    void closed() {
        SqliteRegistryStore store = SqliteRegistryStore.open(dir.resolve("registry.db"));
        store.close();
        assertThatThrownBy(() -> store.findModel(ModelName.of("any"))).isInstanceOf(StorageException.class)
                .hasMessageContaining("closed").hasMessageContaining("registry.db");
        store.close();
    }

    static List<String> query(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    static void execute(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
