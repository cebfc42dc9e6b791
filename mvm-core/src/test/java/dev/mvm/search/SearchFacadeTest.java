package dev.mvm.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.ModelRegistry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.query.Page;
import dev.mvm.api.query.SearchResult;
import dev.mvm.api.query.Sort;
import dev.mvm.api.spi.DownloadLink;
import dev.mvm.api.spi.ModelListing;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.embedded.ContentAddressedBlobStore;
import dev.mvm.embedded.SqliteRegistryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The Search facade")
class SearchFacadeTest {
    @TempDir
    Path dir;

    private static void fill(ModelRegistry registry) {
        registry.models().register("bert-base-chinese", m -> m.framework("pytorch").tag("language", "chinese"));
        registry.model("bert-base-chinese").newVersion().version("1.0.0")
                .content("model.bin", "weights one".getBytes(StandardCharsets.UTF_8))
                .content("config.json", "{}".getBytes(StandardCharsets.UTF_8))
                .metrics(Map.of("accuracy", 0.91, "f1", 0.9)).register();
        registry.model("bert-base-chinese").newVersion().version("1.1.0")
                .content("model.bin", "weights two".getBytes(StandardCharsets.UTF_8))
                .metrics(Map.of("accuracy", 0.93)).register();
        registry.models().register("resnet50", m -> m.framework("onnx"));
    }

    @Test
    @DisplayName("searches, and retrieves details, metric history and metrics")
    void retrieval() {
        try (ModelRegistry registry = ModelRegistry.local(dir)) {
            fill(registry);
            Search search = Search.of(registry);
            SearchResult r = search.models("bret", "framework = 'pytorch'", Sort.RELEVANCE, Page.FIRST);
            assertThat(r.hits()).extracting(h -> h.model().name().value()).containsExactly("bert-base-chinese");
            assertThat(search.versions("", "metrics.accuracy > 0.92", Sort.asc("name"), Page.FIRST).hits())
                    .extracting(h -> h.version().version().toString()).containsExactly("1.1.0");

            ModelDetails details = search.details("bert-base-chinese");
            assertThat(details.versions()).extracting(v -> v.version().toString()).containsExactly("1.0.0", "1.1.0");
            assertThat(details.latest().orElseThrow().version()).hasToString("1.1.0");
            assertThat(details.environments()).isEmpty();
            assertThat(details.inEnvironment("production")).isEmpty();
            assertThat(search.metricHistory("bert-base-chinese")).extracting(p -> p.version() + " " + p.name() + "="
                    + p.value()).containsExactly("1.0.0 accuracy=0.91", "1.0.0 f1=0.9", "1.1.0 accuracy=0.93");
            assertThat(search.metrics("bert-base-chinese@1.0.0")).containsEntry("f1", 0.9);
            assertThatThrownBy(() -> search.details("missing")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("missing");
            assertThatThrownBy(() -> search.metrics("bert-base-chinese@9.9.9")).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    @DisplayName("download links of the embedded store are file: URIs that do not expire, verified by digest")
    void downloadLinks() throws Exception {
        try (ModelRegistry registry = ModelRegistry.local(dir)) {
            fill(registry);
            DownloadLink link = Search.of(registry).downloadLink("bert-base-chinese@1.0.0");
            assertThat(link.uri().getScheme()).isEqualTo("file");
            assertThat(link.expiry()).isEmpty();
            assertThat(link.files()).hasSize(2);
            assertThat(link.size()).isEqualTo("weights one".length() + 2);
            assertThat(Sha256.of(Files.readAllBytes(Path.of(link.uri())))).isEqualTo(link.root());
            for (DownloadLink.FileLink f : link.files()) {
                byte[] bytes = Files.readAllBytes(Path.of(f.uri()));
                assertThat(Sha256.of(bytes)).isEqualTo(f.sha256());
                assertThat((long) bytes.length).isEqualTo(f.size());
            }
            assertThat(link.toString()).doesNotContain(link.uri().toString());
            assertThatThrownBy(() -> Search.of(registry).downloadLink("bert-base-chinese@2.0.0"))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    @DisplayName("stores without native search are searched in memory with the same results")
    void fallback() {
        try (ModelRegistry registry = ModelRegistry.local(dir)) {
            fill(registry);
        }
        try (SqliteRegistryStore sqlite = SqliteRegistryStore.open(dir.resolve("registry.db"));
                ContentAddressedBlobStore blobs = ContentAddressedBlobStore.open(dir.resolve("artifacts"))) {
            RegistryStore plain = new WithoutSearch(sqlite);
            assertThatThrownBy(() -> plain.search(null)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining(WithoutSearch.class.getName());
            Search native_ = Search.of(sqlite, blobs, Clock.systemUTC());
            Search inMemory = Search.of(plain, blobs, Clock.systemUTC());
            for (String filter : List.of("", "framework = 'onnx'", "metrics.accuracy >= 0.9", "name LIKE 'bert%'")) {
                assertThat(names(inMemory.models("", filter, Sort.desc("metrics.accuracy"), Page.FIRST)))
                        .isEqualTo(names(native_.models("", filter, Sort.desc("metrics.accuracy"), Page.FIRST)));
                assertThat(names(inMemory.versions("", filter, Sort.asc("created"), Page.FIRST)))
                        .isEqualTo(names(native_.versions("", filter, Sort.asc("created"), Page.FIRST)));
            }
            assertThat(names(inMemory.models("chin", "", Sort.RELEVANCE, Page.FIRST))).containsExactly(
                    "bert-base-chinese@1.1.0");
        }
    }

    private static List<String> names(SearchResult r) {
        return r.hits().stream().map(h -> h.model().name() + "@" + h.rowVersion().map(v -> v.version().toString())
                .orElse("-")).toList();
    }

    /** A real store that does not implement search, as an adapter might not. */
    private record WithoutSearch(RegistryStore store) implements RegistryStore {
        @Override
        public String describe() {
            return store.describe();
        }

        @Override
        public Model createModel(Model model) {
            return store.createModel(model);
        }

        @Override
        public Optional<Model> findModel(ModelName name) {
            return store.findModel(name);
        }

        @Override
        public Model updateModel(Model model) {
            return store.updateModel(model);
        }

        @Override
        public void deleteModel(ModelName name, long expectedRevision) {
            store.deleteModel(name, expectedRevision);
        }

        @Override
        public List<Model> listModels(ModelListing listing) {
            return store.listModels(listing);
        }

        @Override
        public ModelVersion createVersion(ModelVersion version) {
            return store.createVersion(version);
        }

        @Override
        public Optional<ModelVersion> findVersion(ModelName model, SemanticVersion version) {
            return store.findVersion(model, version);
        }

        @Override
        public List<ModelVersion> listVersions(ModelName model) {
            return store.listVersions(model);
        }

        @Override
        public ModelVersion updateVersion(ModelVersion version) {
            return store.updateVersion(version);
        }

        @Override
        public void deleteVersion(ModelName model, SemanticVersion version, long expectedRevision) {
            store.deleteVersion(model, version, expectedRevision);
        }

        @Override
        public ModelVersion transition(StateChange change, long expectedRevision) {
            return store.transition(change, expectedRevision);
        }

        @Override
        public List<StateChange> stateHistory(ModelName model, SemanticVersion version) {
            return store.stateHistory(model, version);
        }

        @Override
        public PointerMove movePointer(PointerMove move) {
            return store.movePointer(move);
        }

        @Override
        public Optional<EnvironmentPointer> findPointer(ModelName model, EnvironmentName environment) {
            return store.findPointer(model, environment);
        }

        @Override
        public List<EnvironmentPointer> listPointers(ModelName model) {
            return store.listPointers(model);
        }

        @Override
        public List<PointerMove> pointerHistory(ModelName model, EnvironmentName environment) {
            return store.pointerHistory(model, environment);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    @Test
    @DisplayName("a production pointer shows in details and in search results")
    void production() {
        try (ModelRegistry registry = ModelRegistry.local(dir)) {
            fill(registry);
            registry.registryStore().movePointer(new PointerMove(ModelName.of("bert-base-chinese"),
                    EnvironmentName.PRODUCTION, null, SemanticVersion.parse("1.0.0"), PointerMove.Kind.PUBLISH,
                    "user:test", Instant.EPOCH, ""));
            Search search = Search.of(registry);
            assertThat(search.details("bert-base-chinese").inEnvironment("production").orElseThrow().version())
                    .hasToString("1.0.0");
            assertThat(search.models("", "name = 'bert-base-chinese'", Sort.asc("name"), Page.FIRST).hits().get(0)
                    .productionVersion().orElseThrow().version()).hasToString("1.0.0");
        }
    }
}
