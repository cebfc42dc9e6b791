package dev.mvm.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SqliteRegistryStore across processes")
class SqliteMultiProcessTest {
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    @DisplayName("two JVMs with four threads each creating the same versions on a fresh file: each version exactly once, nothing lost")
    void twoProcessesCreateVersions() throws Exception {
        Path db = dir.resolve("shared/registry.db");
        Path go = dir.resolve("go");
        int versions = 200;
        List<String> output = runWriters(db, go, "shared-model", versions, 4);

        List<String> created = output.stream().filter(l -> l.startsWith("CREATED ")).map(l -> l.substring(8))
                .collect(Collectors.toList());
        List<String> expected = IntStream.range(0, versions).mapToObj(i -> "1.0." + i).collect(Collectors.toList());
        assertThat(created).as("versions reported created by both processes").hasSize(versions)
                .containsExactlyInAnyOrderElementsOf(expected);
        try (SqliteRegistryStore store = SqliteRegistryStore.open(db)) {
            List<ModelVersion> stored = store.listVersions(ModelName.of("shared-model"));
            assertThat(stored).extracting(v -> v.version().toString()).containsExactlyElementsOf(
                    expected.stream().map(SemanticVersion::parse).sorted().map(Object::toString)
                            .collect(Collectors.toList()));
            Map<String, Long> creators = stored.stream()
                    .collect(Collectors.groupingBy(ModelVersion::createdBy, Collectors.counting()));
            System.out.println("Versions created per process: " + creators);
            assertThat(creators).as("versions per process: both processes got to write").hasSize(2);
        }
        assertThat(schemaVersions(db)).containsExactly(1, 2, 3);
    }

    @Test
    @DisplayName("two JVMs with four threads each opening one fresh file at once migrate it exactly once")
    void migrationRace() throws Exception {
        Path db = dir.resolve("fresh.db");
        runWriters(db, dir.resolve("go"), "race", 0, 4);
        assertThat(schemaVersions(db)).containsExactly(1, 2, 3);
        try (SqliteRegistryStore store = SqliteRegistryStore.open(db)) {
            assertThat(store.findModel(ModelName.of("race"))).isPresent();
        }
    }

    @Test
    @DisplayName("every version a process reported committed survives kill -9 of that process")
    void committedSurvivesKill() throws Exception {
        Path db = dir.resolve("crash.db");
        ModelName model = ModelName.of("crash-model");
        List<String> committed;
        try (ChildJvm child = ChildJvm.start(CommittingWriterMain.class, db.toString(), model.value())) {
            child.awaitLine("COMMITTED 1.0.25", CHILD_TIMEOUT);
            child.kill();
            committed = child.output().stream().filter(l -> l.startsWith("COMMITTED "))
                    .map(l -> l.substring(10)).collect(Collectors.toList());
        }
        assertThat(committed).hasSizeGreaterThanOrEqualTo(26);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
        try (SqliteRegistryStore store = SqliteRegistryStore.open(db)) {
            for (String version : committed) {
                assertThat(store.findVersion(model, SemanticVersion.parse(version))).as(version).isPresent();
            }
            Map<String, ModelVersion> stored = store.listVersions(model).stream()
                    .collect(Collectors.toMap(v -> v.version().toString(), Function.identity()));
            assertThat(stored.keySet()).containsAll(committed);
            // it may have committed more than we read before the kill, but always a gap-free run 1.0.0 … 1.0.k
            assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, stored.size())
                    .mapToObj(i -> "1.0." + i).collect(Collectors.toList()));
            assertThat(stored.get("1.0.7").metrics()).containsEntry("patch", 7.0);
        }
    }

    private List<String> runWriters(Path db, Path go, String model, int versions, int threads) throws Exception {
        Path write = go.resolveSibling(go.getFileName() + "-write");
        String[] args = {db.toString(), model, Integer.toString(versions), Integer.toString(threads), go.toString(),
            write.toString()};
        try (ChildJvm first = ChildJvm.start(RegistryWriterMain.class, args);
                ChildJvm second = ChildJvm.start(RegistryWriterMain.class, args)) {
            first.awaitLine("READY", CHILD_TIMEOUT);
            second.awaitLine("READY", CHILD_TIMEOUT);
            Files.createFile(go);
            first.awaitLine("OPEN", CHILD_TIMEOUT);
            second.awaitLine("OPEN", CHILD_TIMEOUT);
            Files.createFile(write);
            int firstExit = first.awaitExit(CHILD_TIMEOUT);
            int secondExit = second.awaitExit(CHILD_TIMEOUT);
            List<String> output = new ArrayList<>(first.output());
            output.addAll(second.output());
            assertThat(output).as("no errors other than conflicts").noneMatch(l -> l.startsWith("ERROR"));
            assertThat(firstExit).as("first writer's exit code; output %s", first.output()).isZero();
            assertThat(secondExit).as("second writer's exit code; output %s", second.output()).isZero();
            return output;
        }
    }

    private static List<Integer> schemaVersions(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            List<Integer> versions = new ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
            return versions;
        }
    }
}
