package dev.mvm.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mvm.api.artifact.ArtifactSummary;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Lineage;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.model.VersionRef;
import dev.mvm.api.spi.ModelListing;
import dev.mvm.api.spi.RegistryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

/**
 * The behaviour every {@link RegistryStore} must show, as written in its Javadoc. An implementation's test
 * extends this class and implements {@link #openStore()}.
 *
 * <p>Every test works on models with unique, random names, so implementations may share one backend (one
 * MLflow server, one database) across tests and runs; nothing here lists or deletes what it did not create.
 * Timestamps are truncated to milliseconds, as the facade does. Capability flags such as
 * {@link #supportsConcurrentWriters()} skip tests an implementation declares it cannot pass.
 *
 * @since 0.1
 */
@DisplayName("RegistryStore contract")
public abstract class RegistryStoreContract {
    /** The store under test, opened before and closed after each test. */
    protected RegistryStore store;

    private final List<RegistryStore> extraStores = new ArrayList<>();

    /**
     * @return a new store on the backend under test; the suite closes it
     */
    protected abstract RegistryStore openStore();

    /**
     * A second client on the same backend, for "a fresh client sees it" checks. The default opens another
     * store with {@link #openStore()}; the suite closes it.
     *
     * @return a new store on the same backend as {@link #store}
     */
    protected RegistryStore reopenStore() {
        return openStore();
    }

    /** @return whether several threads may write through one store at once (true for every store so far) */
    protected boolean supportsConcurrentWriters() {
        return true;
    }

    /** @return how many threads race in the concurrency tests */
    protected int concurrentWriters() {
        return 8;
    }

    /** @return how long a concurrency test may take before it fails */
    protected Duration concurrencyTimeout() {
        return Duration.ofSeconds(120);
    }

    @BeforeEach
    void openTheStore() {
        store = openStore();
    }

    @AfterEach
    void closeTheStores() {
        for (RegistryStore extra : extraStores) {
            extra.close();
        }
        extraStores.clear();
        store.close();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * @param stem a readable start, lowercase letters, digits and {@code -}
     * @return a model name no other test or run uses
     */
    protected static ModelName uniqueName(String stem) {
        return ModelName.of(stem + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    /** @return the current time truncated to milliseconds, as the facade passes it */
    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** @return a fresh client on the same backend, closed after the test */
    protected RegistryStore freshClient() {
        RegistryStore fresh = reopenStore();
        extraStores.add(fresh);
        return fresh;
    }

    /**
     * @param name the name
     * @return a realistic, not yet stored model
     */
    protected static Model newModel(ModelName name) {
        Instant at = now();
        return Model.builder(UUID.randomUUID().toString(), name)
                .description("A model for the contract suite")
                .framework("pytorch")
                .task("text-classification")
                .metadata(Map.of("input", Map.of("shape", List.of(1, 512), "dtype", "int64")))
                .tags(Map.of("team", "search", "language", "chinese"))
                .owner("user:alice")
                .createdAt(at)
                .updatedAt(at)
                .build();
    }

    /**
     * @param stem the start of a unique name
     * @return a stored model
     */
    protected Model createModel(String stem) {
        return store.createModel(newModel(uniqueName(stem)));
    }

    /**
     * @param model the model
     * @param version the version text
     * @return a realistic, not yet stored version
     */
    protected static ModelVersion newVersion(ModelName model, String version) {
        Instant at = now();
        return ModelVersion.builder(model, SemanticVersion.parse(version))
                .description("version " + version)
                .metrics(Map.of("accuracy", 0.91))
                .params(Map.of("lr", "3e-5"))
                .tags(Map.of("commit", "abc123"))
                .createdBy("user:alice")
                .createdAt(at)
                .updatedAt(at)
                .build();
    }

    /**
     * @param model the model
     * @param version the version text
     * @return the stored version
     */
    protected ModelVersion createVersion(ModelName model, String version) {
        return store.createVersion(newVersion(model, version));
    }

    private static PointerMove publish(ModelName model, EnvironmentName env, @Nullable String from, String to) {
        return new PointerMove(model, env, from == null ? null : SemanticVersion.parse(from),
                SemanticVersion.parse(to), PointerMove.Kind.PUBLISH, "user:bob", now(), "release " + to);
    }

    private static StateChange change(ModelName model, String version, LifecycleState from, LifecycleState to) {
        return new StateChange(new VersionRef(model, SemanticVersion.parse(version)), from, to, "user:carol", now(),
                from + " to " + to);
    }

    private static SemanticVersion v(String text) {
        return SemanticVersion.parse(text);
    }

    /** What one racing thread ended with. */
    private record Outcome(@Nullable Object value, @Nullable Throwable failure) {
        boolean succeeded() {
            return failure == null;
        }
    }

    /**
     * Runs {@code n} tasks at once (released together by a latch) and collects each outcome.
     */
    private List<Outcome> race(int n, IntFunction<Callable<?>> task) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<?> work = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return new Outcome(work.call(), null);
                    } catch (Exception e) {
                        return new Outcome(null, e);
                    }
                }));
            }
            assertThat(ready.await(concurrencyTimeout().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            go.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            long deadline = System.nanoTime() + concurrencyTimeout().toNanos();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted during a race", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("A racing task did not finish within " + concurrencyTimeout(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertExactlyOneWinner(List<Outcome> outcomes) {
        List<Outcome> winners = outcomes.stream().filter(Outcome::succeeded).collect(Collectors.toList());
        List<Throwable> failures = outcomes.stream().filter(o -> !o.succeeded()).map(Outcome::failure)
                .collect(Collectors.toList());
        assertThat(winners).as("winners (failures: %s)", failures).hasSize(1);
        assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOf(ConflictException.class));
    }

    // ------------------------------------------------------------------ the client

    @Nested
    @DisplayName("the client")
    class Client {

        @Test
        @DisplayName("describes itself in a short, non-blank text")
        void describes() {
            assertThat(store.describe()).isNotBlank().hasSizeLessThan(500);
        }

        @Test
        @DisplayName("calls after close fail; closing twice is harmless")
        void closedClient() {
            RegistryStore other = reopenStore();
            Model created = store.createModel(newModel(uniqueName("closing")));
            assertThat(other.findModel(created.name())).contains(created);
            other.close();
            assertThatThrownBy(() -> other.findModel(created.name())).isInstanceOf(RuntimeException.class);
            other.close();
            assertThat(store.findModel(created.name())).contains(created);
        }
    }

    // ------------------------------------------------------------------ models

    @Nested
    @DisplayName("models")
    class Models {

        @Test
        @DisplayName("a created model is returned unchanged at revision 1 and found by name")
        void createAndFind() {
            Model model = newModel(uniqueName("create"));
            Model created = store.createModel(model.toBuilder().revision(42).build());
            assertThat(created).isEqualTo(model.toBuilder().revision(1).build());
            assertThat(store.findModel(model.name())).contains(created);
        }

        @Test
        @DisplayName("a fresh client sees a created model")
        void freshClientSeesModel() {
            Model created = createModel("fresh");
            assertThat(freshClient().findModel(created.name())).contains(created);
        }

        @Test
        @DisplayName("finding an unknown model returns empty")
        void findUnknown() {
            assertThat(store.findModel(uniqueName("unknown"))).isEmpty();
        }

        @Test
        @DisplayName("creating a model whose name exists is a conflict and changes nothing")
        void duplicateName() {
            Model first = createModel("dup");
            Model second = newModel(first.name()).toBuilder().description("another").build();
            assertThatThrownBy(() -> store.createModel(second)).isInstanceOf(ConflictException.class)
                    .hasMessageContaining(first.name().value());
            assertThat(store.findModel(first.name())).contains(first);
        }

        @Test
        @DisplayName("an update replaces the mutable fields and increments the revision")
        void update() {
            Model created = createModel("update");
            Model changed = created.toBuilder()
                    .description("better")
                    .framework("onnx")
                    .task("ranking")
                    .metadata(Map.of("output", Map.of("classes", 3)))
                    .tags(Map.of("team", "ads"))
                    .owner("user:dave")
                    .updatedAt(created.updatedAt().plusSeconds(5))
                    .build();
            Model updated = store.updateModel(changed);
            assertThat(updated).isEqualTo(changed.toBuilder().revision(2).build());
            assertThat(store.findModel(created.name())).contains(updated);
            Model again = store.updateModel(updated.toBuilder().description("best").build());
            assertThat(again.revision()).isEqualTo(3);
        }

        @Test
        @DisplayName("an update never changes the id or the creation time")
        void updateKeepsIdentity() {
            Model created = createModel("identity");
            Model attempt = created.toBuilder().createdAt(created.createdAt().minusSeconds(3600))
                    .description("changed").build();
            Model updated = store.updateModel(attempt);
            assertThat(updated.createdAt()).isEqualTo(created.createdAt());
            assertThat(updated.id()).isEqualTo(created.id());
            assertThat(updated.description()).isEqualTo("changed");
            assertThat(store.findModel(created.name())).contains(updated);
        }

        @Test
        @DisplayName("an update based on a stale revision is a conflict and changes nothing")
        void staleUpdate() {
            Model created = createModel("stale");
            Model first = store.updateModel(created.toBuilder().description("first").build());
            assertThatThrownBy(() -> store.updateModel(created.toBuilder().description("second").build()))
                    .isInstanceOf(ConflictException.class).hasMessageContaining(created.name().value());
            assertThat(store.findModel(created.name())).contains(first);
        }

        @Test
        @DisplayName("updating a missing model is not found")
        void updateMissing() {
            Model ghost = newModel(uniqueName("ghost")).toBuilder().revision(1).build();
            assertThatThrownBy(() -> store.updateModel(ghost)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining(ghost.name().value());
        }

        @Test
        @DisplayName("a delete based on a stale revision is a conflict and keeps the model")
        void staleDelete() {
            Model created = createModel("stale-delete");
            store.updateModel(created.toBuilder().description("moved on").build());
            assertThatThrownBy(() -> store.deleteModel(created.name(), 1)).isInstanceOf(ConflictException.class);
            assertThat(store.findModel(created.name())).isPresent();
        }

        @Test
        @DisplayName("deleting a missing model is not found")
        void deleteMissing() {
            assertThatThrownBy(() -> store.deleteModel(uniqueName("ghost"), 1)).isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("deleting a model removes its versions, state history, pointers and pointer history")
        void deleteCascades() {
            Model model = createModel("cascade");
            ModelName name = model.name();
            createVersion(name, "1.0.0");
            ModelVersion v2 = createVersion(name, "2.0.0");
            store.transition(change(name, "2.0.0", LifecycleState.DRAFT, LifecycleState.STAGING), v2.revision());
            store.movePointer(publish(name, EnvironmentName.PRODUCTION, null, "1.0.0"));
            store.movePointer(publish(name, EnvironmentName.PRODUCTION, "1.0.0", "2.0.0"));

            store.deleteModel(name, model.revision());

            assertThat(store.findModel(name)).isEmpty();
            assertThat(store.findVersion(name, v("1.0.0"))).isEmpty();
            assertThat(store.findPointer(name, EnvironmentName.PRODUCTION)).isEmpty();
            assertThatThrownBy(() -> store.listVersions(name)).isInstanceOf(NotFoundException.class);

            store.createModel(newModel(name));
            assertThat(store.listVersions(name)).isEmpty();
            assertThat(store.listPointers(name)).isEmpty();
            assertThat(store.pointerHistory(name, EnvironmentName.PRODUCTION)).isEmpty();
            ModelVersion reborn = createVersion(name, "2.0.0");
            assertThat(reborn.state()).isEqualTo(LifecycleState.DRAFT);
            assertThat(store.stateHistory(name, v("2.0.0"))).isEmpty();
        }
    }

    // ------------------------------------------------------------------ listing

    @Nested
    @DisplayName("listing models")
    class Listing {
        private String prefix;
        private List<ModelName> names;

        @BeforeEach
        void createFamily() {
            prefix = uniqueName("ls").value();
            names = new ArrayList<>();
            String[][] rows = {
                {"d", "pytorch", "ranking", "chinese", "search"},
                {"a", "pytorch", "text-classification", "chinese", "search"},
                {"c", "onnx", "text-classification", "english", "search"},
                {"b", "pytorch", "text-classification", "english", "ads"},
                {"e", "onnx", "ranking", "日本語", "ads"},
            };
            for (String[] row : rows) {
                ModelName name = ModelName.of(prefix + "-" + row[0]);
                names.add(name);
                store.createModel(newModel(name).toBuilder().framework(row[1]).task(row[2])
                        .tags(Map.of("language", row[3], "team", row[4])).build());
            }
            Collections.sort(names);
        }

        private List<String> list(ModelListing listing) {
            return store.listModels(listing).stream().map(m -> m.name().value()).collect(Collectors.toList());
        }

        private ModelListing family() {
            return ModelListing.all().withNamePrefix(prefix);
        }

        @Test
        @DisplayName("lists by name prefix, sorted by name")
        void prefixSorted() {
            assertThat(list(family())).containsExactly(prefix + "-a", prefix + "-b", prefix + "-c", prefix + "-d",
                    prefix + "-e");
            assertThat(list(ModelListing.all().withNamePrefix(prefix + "-c"))).containsExactly(prefix + "-c");
        }

        @Test
        @DisplayName("returns whole models")
        void wholeModels() {
            List<Model> listed = store.listModels(family().withLimit(1));
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0)).isEqualTo(store.findModel(names.get(0)).orElseThrow());
        }

        @Test
        @DisplayName("filters by exact framework and task")
        void frameworkAndTask() {
            assertThat(list(family().withFramework("onnx"))).containsExactly(prefix + "-c", prefix + "-e");
            assertThat(list(family().withTask("ranking"))).containsExactly(prefix + "-d", prefix + "-e");
            assertThat(list(family().withFramework("pytorch").withTask("text-classification")))
                    .containsExactly(prefix + "-a", prefix + "-b");
            assertThat(list(family().withFramework("pytor"))).isEmpty();
            assertThat(list(family().withFramework("PYTORCH"))).isEmpty();
        }

        @Test
        @DisplayName("requires every given tag, with its exact value")
        void tags() {
            assertThat(list(family().withTag("team", "search"))).containsExactly(prefix + "-a", prefix + "-c",
                    prefix + "-d");
            assertThat(list(family().withTag("team", "search").withTag("language", "chinese")))
                    .containsExactly(prefix + "-a", prefix + "-d");
            assertThat(list(family().withTag("language", "日本語"))).containsExactly(prefix + "-e");
            assertThat(list(family().withTag("language", "chin"))).isEmpty();
            assertThat(list(family().withTag("missing", "x"))).isEmpty();
        }

        @Test
        @DisplayName("pages with a limit and the last name of the previous page")
        void paging() {
            ModelListing page = family().withLimit(2);
            List<String> first = list(page);
            assertThat(first).containsExactly(prefix + "-a", prefix + "-b");
            List<String> second = list(page.withAfter(ModelName.of(first.get(1))));
            assertThat(second).containsExactly(prefix + "-c", prefix + "-d");
            List<String> third = list(page.withAfter(ModelName.of(second.get(1))));
            assertThat(third).containsExactly(prefix + "-e");
            assertThat(list(page.withAfter(ModelName.of(third.get(0))))).isEmpty();
            assertThat(list(family().withTag("team", "search").withLimit(1).withAfter(ModelName.of(prefix + "-a"))))
                    .containsExactly(prefix + "-c");
        }

        @Test
        @DisplayName("filters see updates and deletes: a retagged model is found by its new values only")
        void filtersFollowUpdates() {
            Model a = store.findModel(ModelName.of(prefix + "-a")).orElseThrow();
            store.updateModel(a.toBuilder().framework("jax").tags(Map.of("team", "ads", "tier", "gold")).build());
            assertThat(list(family().withTag("team", "search"))).containsExactly(prefix + "-c", prefix + "-d");
            assertThat(list(family().withTag("team", "ads"))).containsExactly(prefix + "-a", prefix + "-b",
                    prefix + "-e");
            assertThat(list(family().withTag("tier", "gold"))).containsExactly(prefix + "-a");
            assertThat(list(family().withTag("language", "chinese"))).containsExactly(prefix + "-d");
            assertThat(list(family().withFramework("jax"))).containsExactly(prefix + "-a");
            Model d = store.findModel(ModelName.of(prefix + "-d")).orElseThrow();
            store.deleteModel(d.name(), d.revision());
            assertThat(list(family())).containsExactly(prefix + "-a", prefix + "-b", prefix + "-c", prefix + "-e");
        }

        @Test
        @DisplayName("namespaced names sort and page like any other name")
        void namespaces() {
            String ns = uniqueName("ns").value();
            for (String local : List.of("zeta", "alpha", "mid")) {
                store.createModel(newModel(ModelName.of(ns + "/" + local)));
            }
            store.createModel(newModel(ModelName.of(ns + "-sibling")));
            assertThat(list(ModelListing.all().withNamePrefix(ns + "/"))).containsExactly(ns + "/alpha",
                    ns + "/mid", ns + "/zeta");
            assertThat(list(ModelListing.all().withNamePrefix(ns))).containsExactly(ns + "-sibling", ns + "/alpha",
                    ns + "/mid", ns + "/zeta");
            assertThat(list(ModelListing.all().withNamePrefix(ns + "/").withLimit(1)
                    .withAfter(ModelName.of(ns + "/alpha")))).containsExactly(ns + "/mid");
        }

        @Test
        @DisplayName("treats the name prefix literally: wildcards, quotes and case never widen it")
        void hostilePrefixes() {
            assertThat(list(ModelListing.all().withNamePrefix(prefix + "%"))).isEmpty();
            assertThat(list(ModelListing.all().withNamePrefix(prefix + "_"))).isEmpty();
            assertThat(list(ModelListing.all().withNamePrefix(prefix + "-_"))).isEmpty();
            assertThat(list(ModelListing.all().withNamePrefix(prefix.replace('-', '_')))).isEmpty();
            assertThat(list(ModelListing.all().withNamePrefix(prefix + "*"))).isEmpty();
            assertThat(list(ModelListing.all().withNamePrefix(prefix + "\\"))).isEmpty();
            assertThat(list(ModelListing.all().withNamePrefix(prefix.toUpperCase(java.util.Locale.ROOT)))).isEmpty();
            assertThat(list(ModelListing.all().withNamePrefix(prefix + "'; DROP TABLE models; --"))).isEmpty();
            assertThat(list(ModelListing.all().withNamePrefix("%").withLimit(5))).isEmpty();
            assertThat(list(ModelListing.all().withNamePrefix("_").withLimit(5))).isEmpty();
            assertThat(list(family().withTag("team", "search' OR '1'='1"))).isEmpty();
            assertThat(list(family().withFramework("x' OR 1=1 --"))).isEmpty();
            assertThat(list(family())).hasSize(5);
        }
    }

    // ------------------------------------------------------------------ versions

    @Nested
    @DisplayName("versions")
    class Versions {
        private ModelName model;

        @BeforeEach
        void createTheModel() {
            model = createModel("versions").name();
        }

        @Test
        @DisplayName("a created version is returned unchanged at revision 1 and found")
        void createAndFind() {
            ModelVersion version = newVersion(model, "1.0.0");
            ModelVersion created = store.createVersion(version.toBuilder().revision(9).build());
            assertThat(created).isEqualTo(version.toBuilder().revision(1).build());
            assertThat(store.findVersion(model, v("1.0.0"))).contains(created);
            assertThat(freshClient().findVersion(model, v("1.0.0"))).contains(created);
        }

        @Test
        @DisplayName("creating a version of a missing model is not found")
        void createForMissingModel() {
            ModelName ghost = uniqueName("ghost");
            assertThatThrownBy(() -> createVersion(ghost, "1.0.0")).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining(ghost.value());
        }

        @Test
        @DisplayName("finding an unknown version returns empty, also for an unknown model")
        void findUnknown() {
            assertThat(store.findVersion(model, v("9.9.9"))).isEmpty();
            assertThat(store.findVersion(uniqueName("ghost"), v("1.0.0"))).isEmpty();
        }

        @Test
        @DisplayName("a version of the same precedence is a conflict, whatever its build metadata")
        void duplicatePrecedence() {
            ModelVersion first = createVersion(model, "1.0.0+build.1");
            assertThatThrownBy(() -> createVersion(model, "1.0.0+build.2")).isInstanceOf(ConflictException.class)
                    .hasMessageContaining(model.value()).hasMessageContaining("1.0.0");
            assertThatThrownBy(() -> createVersion(model, "1.0.0")).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> createVersion(model, "1.0.0+build.1")).isInstanceOf(ConflictException.class);
            assertThat(store.listVersions(model)).containsExactly(first);
        }

        @Test
        @DisplayName("lookups ignore build metadata and return the full version text")
        void findIgnoresBuild() {
            ModelVersion created = createVersion(model, "2.1.0-rc.1+sha.5114f85");
            assertThat(store.findVersion(model, v("2.1.0-rc.1"))).contains(created);
            assertThat(store.findVersion(model, v("2.1.0-rc.1+other"))).contains(created);
            assertThat(store.findVersion(model, v("2.1.0-rc.1")).orElseThrow().version().toString())
                    .isEqualTo("2.1.0-rc.1+sha.5114f85");
            assertThat(store.findVersion(model, v("2.1.0"))).isEmpty();
        }

        @Test
        @DisplayName("the same version number may exist in two models")
        void sameVersionTwoModels() {
            ModelName other = createModel("other").name();
            createVersion(model, "1.0.0");
            createVersion(other, "1.0.0");
            assertThat(store.findVersion(other, v("1.0.0"))).isPresent();
            assertThat(store.listVersions(model)).hasSize(1);
        }

        @Test
        @DisplayName("lists versions in ascending SemVer precedence, pre-releases included")
        void listOrder() {
            List<String> expected = List.of("0.9.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                    "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0-rc.2", "1.0.0-rc.10",
                    "1.0.0+build.3", "1.2.0", "1.10.0", "2.0.0-rc.1", "10.0.0");
            List<String> shuffled = new ArrayList<>(expected);
            Collections.shuffle(shuffled, new Random(7));
            shuffled.forEach(text -> createVersion(model, text));
            assertThat(store.listVersions(model)).extracting(ver -> ver.version().toString())
                    .containsExactlyElementsOf(expected);
            assertThat(store.latestVersion(model)).map(ver -> ver.version().toString()).contains("10.0.0");
        }

        @Test
        @DisplayName("the latest version is the one of highest precedence; none for a model without versions")
        void latest() {
            assertThat(store.latestVersion(model)).isEmpty();
            createVersion(model, "1.0.0");
            ModelVersion rc = createVersion(model, "1.1.0-rc.1");
            createVersion(model, "1.0.1");
            assertThat(store.latestVersion(model)).contains(rc);
            ModelVersion release = createVersion(model, "1.1.0");
            assertThat(store.latestVersion(model)).contains(release);
        }

        @Test
        @DisplayName("listing versions or the latest of a missing model is not found")
        void listMissing() {
            ModelName ghost = uniqueName("ghost");
            assertThatThrownBy(() -> store.listVersions(ghost)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> store.latestVersion(ghost)).isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("an update replaces description, metrics, params, tags and updatedAt, and increments the revision")
        void update() {
            ModelVersion created = createVersion(model, "1.0.0");
            ModelVersion changed = created.toBuilder().description("tuned")
                    .metrics(Map.of("accuracy", 0.95, "f1", 0.9))
                    .params(Map.of("lr", "1e-4", "epochs", "3"))
                    .tags(Map.of("reviewed", "yes"))
                    .updatedAt(created.updatedAt().plusMillis(1500))
                    .build();
            ModelVersion updated = store.updateVersion(changed);
            assertThat(updated).isEqualTo(changed.toBuilder().revision(2).build());
            assertThat(store.findVersion(model, v("1.0.0"))).contains(updated);
        }

        @Test
        @DisplayName("an update never changes files, lineage, state, creator or creation time")
        void updateKeepsImmutableFields() {
            ModelVersion created = store.createVersion(newVersion(model, "1.0.0").toBuilder()
                    .artifacts(new ArtifactSummary(Sha256.of("weights".getBytes(StandardCharsets.UTF_8)), 2, 1234))
                    .lineage(new Lineage(null, List.of(), "run-1", "s3://data/v1"))
                    .build());
            ModelVersion attempt = created.toBuilder()
                    .description("new words")
                    .artifacts(ArtifactSummary.EMPTY)
                    .lineage(new Lineage(v("0.1.0"), List.of(), "run-2", "s3://data/v2"))
                    .state(LifecycleState.PRODUCTION)
                    .createdBy("user:mallory")
                    .createdAt(created.createdAt().minusSeconds(60))
                    .build();
            ModelVersion updated = store.updateVersion(attempt);
            ModelVersion expected = created.toBuilder().description("new words").revision(2).build();
            assertThat(updated).isEqualTo(expected);
            assertThat(store.findVersion(model, v("1.0.0"))).contains(expected);
        }

        @Test
        @DisplayName("an update based on a stale revision is a conflict and changes nothing")
        void staleUpdate() {
            ModelVersion created = createVersion(model, "1.0.0");
            ModelVersion first = store.updateVersion(created.toBuilder().description("first").build());
            assertThatThrownBy(() -> store.updateVersion(created.toBuilder().description("second").build()))
                    .isInstanceOf(ConflictException.class).hasMessageContaining(model.value());
            assertThat(store.findVersion(model, v("1.0.0"))).contains(first);
        }

        @Test
        @DisplayName("updating a missing version is not found")
        void updateMissing() {
            ModelVersion ghost = newVersion(model, "3.0.0").toBuilder().revision(1).build();
            assertThatThrownBy(() -> store.updateVersion(ghost)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("3.0.0");
        }

        @Test
        @DisplayName("an update addressed without build metadata updates the stored version and keeps its text")
        void updateIgnoresBuild() {
            ModelVersion created = createVersion(model, "1.0.0+b.1");
            ModelVersion updated = store.updateVersion(
                    created.toBuilder().version(v("1.0.0")).description("no build").build());
            assertThat(updated.version().toString()).isEqualTo("1.0.0+b.1");
            assertThat(updated.description()).isEqualTo("no build");
        }

        @Test
        @DisplayName("a delete removes the version; a stale revision is a conflict; a missing one is not found")
        void delete() {
            ModelVersion created = createVersion(model, "1.0.0");
            createVersion(model, "1.1.0");
            store.updateVersion(created.toBuilder().description("moved on").build());
            assertThatThrownBy(() -> store.deleteVersion(model, v("1.0.0"), 1)).isInstanceOf(ConflictException.class);
            assertThat(store.findVersion(model, v("1.0.0"))).isPresent();
            store.deleteVersion(model, v("1.0.0"), 2);
            assertThat(store.findVersion(model, v("1.0.0"))).isEmpty();
            assertThat(store.listVersions(model)).extracting(ver -> ver.version().toString()).containsExactly("1.1.0");
            assertThatThrownBy(() -> store.deleteVersion(model, v("1.0.0"), 2)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> store.stateHistory(model, v("1.0.0"))).isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("a deleted version's number can be registered again, with a fresh state history")
        void deleteThenRecreate() {
            ModelVersion created = createVersion(model, "1.0.0");
            store.transition(change(model, "1.0.0", LifecycleState.DRAFT, LifecycleState.STAGING), created.revision());
            store.deleteVersion(model, v("1.0.0"), 2);
            ModelVersion again = createVersion(model, "1.0.0");
            assertThat(again.revision()).isEqualTo(1);
            assertThat(store.stateHistory(model, v("1.0.0"))).isEmpty();
        }

        @Test
        @DisplayName("a version an environment points to cannot be deleted until the pointer moves away")
        void deleteRefusedWhilePointed() {
            ModelVersion created = createVersion(model, "1.0.0");
            createVersion(model, "1.1.0");
            store.movePointer(publish(model, EnvironmentName.PRODUCTION, null, "1.0.0"));
            assertThatThrownBy(() -> store.deleteVersion(model, v("1.0.0"), created.revision()))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("production");
            assertThat(store.findVersion(model, v("1.0.0"))).isPresent();
            store.movePointer(publish(model, EnvironmentName.PRODUCTION, "1.0.0", "1.1.0"));
            store.deleteVersion(model, v("1.0.0"), created.revision());
            assertThat(store.findVersion(model, v("1.0.0"))).isEmpty();
            assertThat(store.pointerHistory(model, EnvironmentName.PRODUCTION)).hasSize(2);
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @Nested
    @DisplayName("lifecycle")
    class Lifecycle {
        private ModelName model;

        @BeforeEach
        void createTheModel() {
            model = createModel("lifecycle").name();
        }

        @Test
        @DisplayName("a transition moves the state, takes updatedAt from the change and increments the revision")
        void transition() {
            ModelVersion created = createVersion(model, "1.0.0");
            StateChange change = new StateChange(created.ref(), LifecycleState.DRAFT, LifecycleState.STAGING,
                    "user:carol", created.updatedAt().plusSeconds(10), "ready for review");
            ModelVersion moved = store.transition(change, created.revision());
            assertThat(moved).isEqualTo(created.toBuilder().state(LifecycleState.STAGING)
                    .updatedAt(change.at()).revision(2).build());
            assertThat(store.findVersion(model, v("1.0.0"))).contains(moved);
            assertThat(store.stateHistory(model, v("1.0.0"))).containsExactly(change);
        }

        @Test
        @DisplayName("a transition from a state the version is not in is a conflict and records nothing")
        void wrongFromState() {
            ModelVersion created = createVersion(model, "1.0.0");
            assertThatThrownBy(() -> store.transition(
                    change(model, "1.0.0", LifecycleState.STAGING, LifecycleState.PRODUCTION), created.revision()))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("DRAFT");
            assertThat(store.findVersion(model, v("1.0.0"))).contains(created);
            assertThat(store.stateHistory(model, v("1.0.0"))).isEmpty();
        }

        @Test
        @DisplayName("a transition based on a stale revision is a conflict and records nothing")
        void staleRevision() {
            ModelVersion created = createVersion(model, "1.0.0");
            ModelVersion updated = store.updateVersion(created.toBuilder().description("edited").build());
            assertThatThrownBy(() -> store.transition(
                    change(model, "1.0.0", LifecycleState.DRAFT, LifecycleState.STAGING), created.revision()))
                    .isInstanceOf(ConflictException.class);
            assertThat(store.findVersion(model, v("1.0.0"))).contains(updated);
            assertThat(store.stateHistory(model, v("1.0.0"))).isEmpty();
        }

        @Test
        @DisplayName("the state history lists every change, oldest first")
        void historyOldestFirst() {
            ModelVersion version = createVersion(model, "1.0.0");
            LifecycleState[] path = {LifecycleState.DRAFT, LifecycleState.STAGING, LifecycleState.PRODUCTION,
                LifecycleState.DEPRECATED, LifecycleState.ARCHIVED};
            List<StateChange> changes = new ArrayList<>();
            Instant at = version.createdAt();
            for (int i = 1; i < path.length; i++) {
                at = at.plusMillis(1);
                StateChange c = new StateChange(version.ref(), path[i - 1], path[i], "user:carol", at, "step " + i);
                version = store.transition(c, version.revision());
                changes.add(c);
            }
            assertThat(version.revision()).isEqualTo(path.length);
            assertThat(store.stateHistory(model, v("1.0.0"))).containsExactlyElementsOf(changes);
            assertThat(freshClient().stateHistory(model, v("1.0.0"))).containsExactlyElementsOf(changes);
        }

        @Test
        @DisplayName("user-defined states are kept as given")
        void customStates() {
            ModelVersion created = createVersion(model, "1.0.0");
            LifecycleState shadow = LifecycleState.of("SHADOW_TEST");
            ModelVersion moved = store.transition(change(model, "1.0.0", LifecycleState.DRAFT, shadow),
                    created.revision());
            assertThat(moved.state()).isEqualTo(shadow);
            assertThat(store.findVersion(model, v("1.0.0")).orElseThrow().state()).isEqualTo(shadow);
        }

        @Test
        @DisplayName("transitions and history of a missing version are not found")
        void missing() {
            assertThatThrownBy(() -> store.transition(
                    change(model, "4.0.0", LifecycleState.DRAFT, LifecycleState.STAGING), 1))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("4.0.0");
            assertThatThrownBy(() -> store.stateHistory(model, v("4.0.0"))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> store.stateHistory(uniqueName("ghost"), v("1.0.0")))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    // ------------------------------------------------------------------ pointers

    @Nested
    @DisplayName("environment pointers")
    class Pointers {
        private ModelName model;
        private final EnvironmentName prod = EnvironmentName.PRODUCTION;

        @BeforeEach
        void createTheModel() {
            model = createModel("pointers").name();
            createVersion(model, "1.0.0");
            createVersion(model, "1.1.0");
            createVersion(model, "1.2.0");
        }

        @Test
        @DisplayName("an unset pointer is absent and has no history")
        void unset() {
            assertThat(store.findPointer(model, prod)).isEmpty();
            assertThat(store.listPointers(model)).isEmpty();
            assertThat(store.pointerHistory(model, prod)).isEmpty();
            assertThat(store.findPointer(uniqueName("ghost"), prod)).isEmpty();
        }

        @Test
        @DisplayName("unset → set → move → roll back → unpublish, each recorded, oldest first")
        void fullLife() {
            Instant t = now();
            PointerMove set = new PointerMove(model, prod, null, v("1.0.0"), PointerMove.Kind.PUBLISH, "user:bob",
                    t, "first release");
            PointerMove move = new PointerMove(model, prod, v("1.0.0"), v("1.1.0"), PointerMove.Kind.PUBLISH,
                    "user:bob", t.plusMillis(1), "better accuracy");
            PointerMove back = new PointerMove(model, prod, v("1.1.0"), v("1.0.0"), PointerMove.Kind.ROLLBACK,
                    "user:ops", t.plusMillis(2), "latency regression");
            PointerMove off = new PointerMove(model, prod, v("1.0.0"), null, PointerMove.Kind.UNPUBLISH,
                    "user:ops", t.plusMillis(3), "retired");

            assertThat(store.movePointer(set)).isEqualTo(set);
            assertThat(store.findPointer(model, prod))
                    .contains(new EnvironmentPointer(model, prod, v("1.0.0"), "user:bob", t));
            assertThat(store.movePointer(move)).isEqualTo(move);
            assertThat(store.findPointer(model, prod)).map(EnvironmentPointer::version).contains(v("1.1.0"));
            assertThat(store.movePointer(back)).isEqualTo(back);
            assertThat(store.findPointer(model, prod))
                    .contains(new EnvironmentPointer(model, prod, v("1.0.0"), "user:ops", t.plusMillis(2)));
            assertThat(store.movePointer(off)).isEqualTo(off);
            assertThat(store.findPointer(model, prod)).isEmpty();

            assertThat(store.pointerHistory(model, prod)).containsExactly(set, move, back, off);
            assertThat(freshClient().pointerHistory(model, prod)).containsExactly(set, move, back, off);
        }

        @Test
        @DisplayName("a move from a value the pointer no longer has is a conflict and records nothing")
        void compareAndSet() {
            store.movePointer(publish(model, prod, null, "1.0.0"));
            assertThatThrownBy(() -> store.movePointer(publish(model, prod, null, "1.1.0")))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("1.0.0");
            store.movePointer(publish(model, prod, "1.0.0", "1.1.0"));
            assertThatThrownBy(() -> store.movePointer(publish(model, prod, "1.0.0", "1.2.0")))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("1.1.0");
            assertThatThrownBy(() -> store.movePointer(new PointerMove(model, prod, v("1.0.0"), null,
                    PointerMove.Kind.UNPUBLISH, "user:ops", now(), ""))).isInstanceOf(ConflictException.class);
            assertThat(store.findPointer(model, prod)).map(EnvironmentPointer::version).contains(v("1.1.0"));
            assertThat(store.pointerHistory(model, prod)).hasSize(2);
        }

        @Test
        @DisplayName("a move to a missing version, or of a missing model, is not found")
        void missingTarget() {
            assertThatThrownBy(() -> store.movePointer(publish(model, prod, null, "9.0.0")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("9.0.0");
            assertThat(store.findPointer(model, prod)).isEmpty();
            assertThat(store.pointerHistory(model, prod)).isEmpty();
            ModelName other = createModel("pointers-other").name();
            createVersion(other, "5.0.0");
            assertThatThrownBy(() -> store.movePointer(publish(model, prod, null, "5.0.0")))
                    .as("a version of another model is no target").isInstanceOf(NotFoundException.class);
            ModelName ghost = uniqueName("ghost");
            assertThatThrownBy(() -> store.movePointer(publish(ghost, prod, null, "1.0.0")))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> store.listPointers(ghost)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> store.pointerHistory(ghost, prod)).isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("every environment is its own pointer; listing sorts them by environment name")
        void severalEnvironments() {
            EnvironmentName staging = EnvironmentName.STAGING;
            EnvironmentName eu = EnvironmentName.of("prod-eu");
            store.movePointer(publish(model, staging, null, "1.2.0"));
            store.movePointer(publish(model, prod, null, "1.0.0"));
            store.movePointer(publish(model, eu, null, "1.1.0"));
            assertThat(store.listPointers(model)).extracting(p -> p.environment().value() + "=" + p.version())
                    .containsExactly("prod-eu=1.1.0", "production=1.0.0", "staging=1.2.0");
            assertThat(store.pointerHistory(model, eu)).hasSize(1);
            ModelName other = createModel("pointers-other").name();
            createVersion(other, "1.0.0");
            assertThat(store.findPointer(other, prod)).isEmpty();
        }

        @Test
        @DisplayName("a pointer may target a version by its precedence and reports the full version text")
        void targetIgnoresBuild() {
            ModelName built = createModel("pointers-build").name();
            createVersion(built, "3.0.0+ci.42");
            store.movePointer(publish(built, prod, null, "3.0.0"));
            assertThat(store.findPointer(built, prod)).map(p -> p.version().toString()).contains("3.0.0+ci.42");
            store.movePointer(new PointerMove(built, prod, v("3.0.0"), null, PointerMove.Kind.UNPUBLISH, "user:ops",
                    now(), ""));
            assertThat(store.findPointer(built, prod)).isEmpty();
        }

        @Test
        @DisplayName("with SupportsEnvironmentListing, environments with history are listed, also unset ones")
        void environmentsWithHistory() {
            assumeTrue(store instanceof dev.mvm.api.spi.SupportsEnvironmentListing,
                    "the store does not implement SupportsEnvironmentListing");
            var listing = (dev.mvm.api.spi.SupportsEnvironmentListing) store;
            assertThat(listing.environmentsWithHistory(model)).isEmpty();
            EnvironmentName canary = EnvironmentName.of("canary");
            store.movePointer(publish(model, prod, null, "1.0.0"));
            store.movePointer(publish(model, canary, null, "1.1.0"));
            store.movePointer(new PointerMove(model, canary, v("1.1.0"), null, PointerMove.Kind.UNPUBLISH, "user:ops",
                    now(), "canary over"));
            assertThat(store.listPointers(model)).hasSize(1);
            assertThat(listing.environmentsWithHistory(model)).containsExactly(canary, prod);
            assertThatThrownBy(() -> listing.environmentsWithHistory(uniqueName("ghost")))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    // ------------------------------------------------------------------ round trips

    @Nested
    @DisplayName("round trips")
    class RoundTrips {

        @Test
        @DisplayName("every model field comes back exactly: nested metadata, unicode tags, long texts")
        void model() {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("input", Map.of("shape", List.of(-1, 3, 224, 224), "dtype", "float32",
                    "names", List.of("像素", "pixel")));
            metadata.put("output", List.of(Map.of("name", "logits", "classes", 1000), Map.of("name", "emb")));
            metadata.put("threshold", 0.35);
            metadata.put("calibrated", true);
            metadata.put("notes", "quotes \" ' ` and backslash \\ and newline\nand tab\t");
            metadata.put("empty", Map.of());
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("language", "中文");
            tags.put("emoji", "🚀 launch");
            tags.put("quote", "it's \"fine\"");
            tags.put("empty", "");
            Instant created = now().minus(3, ChronoUnit.DAYS);
            Model model = Model.builder(UUID.randomUUID().toString(), uniqueName("roundtrip"))
                    .description("Line one\nLine two — with unicode ü and 漢字\n" + "x".repeat(5000))
                    .framework("transformers")
                    .task("fill-mask")
                    .metadata(metadata)
                    .tags(tags)
                    .owner("service:trainer-01")
                    .createdAt(created)
                    .updatedAt(created.plusMillis(123))
                    .build();
            Model stored = store.createModel(model);
            Model expected = model.toBuilder().revision(1).build();
            assertThat(stored).isEqualTo(expected);
            assertThat(store.findModel(model.name())).contains(expected);
            assertThat(freshClient().findModel(model.name())).contains(expected);
        }

        @Test
        @DisplayName("every version field comes back exactly: doubles bit for bit, lineage, build metadata")
        void version() {
            ModelName model = createModel("roundtrip-v").name();
            ModelName tokenizer = createModel("tokenizer").name();
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("sum", 0.1 + 0.2);
            metrics.put("third", 1.0 / 3.0);
            metrics.put("tiny", Double.MIN_VALUE);
            metrics.put("huge", Double.MAX_VALUE);
            metrics.put("negative", -1.5e-10);
            metrics.put("integral", 42.0);
            metrics.put("pi", Math.PI);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("lr", "3e-5");
            params.put("layers", "[12, 24]");
            params.put("prompt", "p".repeat(6000));
            Lineage lineage = new Lineage(v("1.0.0"),
                    List.of(new VersionRef(tokenizer, v("2.0.0-rc.1+b.7")), VersionRef.of("nlp/embedder", "0.3.1")),
                    "mlflow-run-8c1f", "s3://datasets/reviews@sha256:abc");
            Instant created = now().minusSeconds(7200);
            ModelVersion version = ModelVersion.builder(model, v("1.1.0-rc.2+exp.sha.5114f85"))
                    .state(LifecycleState.STAGING)
                    .description("多语言 fine-tune")
                    .artifacts(new ArtifactSummary(Sha256.of("manifest".getBytes(StandardCharsets.UTF_8)), 17,
                            5_368_709_120L))
                    .metrics(metrics)
                    .params(params)
                    .tags(Map.of("语言", "中文", "gpu", "A100"))
                    .lineage(lineage)
                    .createdBy("user:alice")
                    .createdAt(created)
                    .updatedAt(created.plusMillis(1))
                    .build();
            ModelVersion stored = store.createVersion(version);
            ModelVersion expected = version.toBuilder().revision(1).build();
            assertThat(stored).isEqualTo(expected);
            ModelVersion found = store.findVersion(model, v("1.1.0-rc.2")).orElseThrow();
            assertThat(found).isEqualTo(expected);
            found.metrics().forEach((k, val) -> assertThat(Double.doubleToRawLongBits(val))
                    .as(k).isEqualTo(Double.doubleToRawLongBits(metrics.get(k))));
            assertThat(freshClient().listVersions(model)).containsExactly(expected);
        }

        @Test
        @DisplayName("a version with empty lineage, metrics, params and tags stays empty")
        void emptyVersion() {
            ModelName model = createModel("roundtrip-empty").name();
            ModelVersion bare = ModelVersion.builder(model, v("0.0.1")).createdBy("user:alice").createdAt(now())
                    .updatedAt(now()).build();
            store.createVersion(bare);
            assertThat(store.findVersion(model, v("0.0.1"))).contains(bare.toBuilder().revision(1).build());
        }
    }

    // ------------------------------------------------------------------ concurrency

    @Nested
    @DisplayName("concurrency")
    class Concurrency {

        @BeforeEach
        void onlyWithConcurrentWriters() {
            assumeTrue(supportsConcurrentWriters(), "the store declares it does not support concurrent writers");
        }

        @Test
        @DisplayName("threads creating the same version: exactly one succeeds, the others conflict")
        void sameVersion() {
            ModelName model = createModel("race-create").name();
            List<Outcome> outcomes = race(concurrentWriters(),
                    i -> () -> store.createVersion(newVersion(model, "1.0.0+thread." + i)));
            assertExactlyOneWinner(outcomes);
            ModelVersion winner = (ModelVersion) outcomes.stream().filter(Outcome::succeeded).findFirst()
                    .orElseThrow().value();
            assertThat(store.listVersions(model)).containsExactly(winner);
        }

        @Test
        @DisplayName("threads creating the same model: exactly one succeeds, the others conflict")
        void sameModel() {
            ModelName name = uniqueName("race-model");
            List<Outcome> outcomes = race(concurrentWriters(), i -> () -> store.createModel(newModel(name)));
            assertExactlyOneWinner(outcomes);
            Model winner = (Model) outcomes.stream().filter(Outcome::succeeded).findFirst().orElseThrow().value();
            assertThat(store.findModel(name)).contains(winner);
        }

        @Test
        @DisplayName("threads updating a model from the same revision: exactly one succeeds")
        void sameModelRevision() {
            Model created = createModel("race-update");
            List<Outcome> outcomes = race(concurrentWriters(),
                    i -> () -> store.updateModel(created.toBuilder().description("writer " + i).build()));
            assertExactlyOneWinner(outcomes);
            Model winner = (Model) outcomes.stream().filter(Outcome::succeeded).findFirst().orElseThrow().value();
            assertThat(winner.revision()).isEqualTo(2);
            assertThat(store.findModel(created.name())).contains(winner);
        }

        @Test
        @DisplayName("threads updating a version from the same revision: exactly one succeeds")
        void sameVersionRevision() {
            ModelName model = createModel("race-update-v").name();
            ModelVersion created = createVersion(model, "1.0.0");
            List<Outcome> outcomes = race(concurrentWriters(), i -> () -> store.updateVersion(
                    created.toBuilder().metrics(Map.of("writer", (double) i)).build()));
            assertExactlyOneWinner(outcomes);
            ModelVersion winner = (ModelVersion) outcomes.stream().filter(Outcome::succeeded).findFirst()
                    .orElseThrow().value();
            assertThat(store.findVersion(model, v("1.0.0"))).contains(winner);
        }

        @Test
        @DisplayName("threads transitioning a version from the same state: exactly one succeeds, one change recorded")
        void sameTransition() {
            ModelName model = createModel("race-transition").name();
            ModelVersion created = createVersion(model, "1.0.0");
            List<Outcome> outcomes = race(concurrentWriters(), i -> () -> store.transition(
                    change(model, "1.0.0", LifecycleState.DRAFT, i % 2 == 0 ? LifecycleState.STAGING
                            : LifecycleState.ARCHIVED), created.revision()));
            assertExactlyOneWinner(outcomes);
            assertThat(store.stateHistory(model, v("1.0.0"))).hasSize(1);
        }

        @Test
        @DisplayName("threads moving a pointer from the same value: exactly one wins, one move recorded")
        void samePointer() {
            ModelName model = createModel("race-pointer").name();
            int n = concurrentWriters();
            createVersion(model, "1.0.0");
            for (int i = 0; i < n; i++) {
                createVersion(model, "2.0." + i);
            }
            store.movePointer(publish(model, EnvironmentName.PRODUCTION, null, "1.0.0"));
            List<Outcome> outcomes = race(n, i -> () -> store.movePointer(
                    publish(model, EnvironmentName.PRODUCTION, "1.0.0", "2.0." + i)));
            assertExactlyOneWinner(outcomes);
            PointerMove winner = (PointerMove) outcomes.stream().filter(Outcome::succeeded).findFirst()
                    .orElseThrow().value();
            assertThat(store.findPointer(model, EnvironmentName.PRODUCTION)).map(EnvironmentPointer::version)
                    .contains(winner.to());
            assertThat(store.pointerHistory(model, EnvironmentName.PRODUCTION)).hasSize(2).last().isEqualTo(winner);
        }

        @Test
        @DisplayName("threads creating different versions at once lose nothing")
        void nothingLost() {
            ModelName model = createModel("race-many").name();
            int perThread = 5;
            List<Outcome> outcomes = race(concurrentWriters(), i -> () -> {
                for (int k = 0; k < perThread; k++) {
                    store.createVersion(newVersion(model, i + "." + k + ".0"));
                }
                return null;
            });
            assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
            List<String> expected = IntStream.range(0, concurrentWriters()).boxed()
                    .flatMap(i -> IntStream.range(0, perThread).mapToObj(k -> i + "." + k + ".0"))
                    .collect(Collectors.toList());
            assertThat(store.listVersions(model)).extracting(ver -> ver.version().toString())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }

        @Test
        @DisplayName("threads reading while others write always see whole values")
        void readsDuringWrites() {
            Model created = createModel("race-read");
            int n = concurrentWriters();
            List<Outcome> outcomes = race(n, i -> () -> {
                if (i % 2 == 0) {
                    for (int k = 0; k < 20; k++) {
                        Model seen = store.findModel(created.name()).orElseThrow();
                        // a reader never sees a revision without its description (a torn write)
                        assertThat(seen.description()).isEqualTo(seen.revision() == 1 ? created.description()
                                : "rev " + seen.revision());
                    }
                    return null;
                }
                for (int k = 0; k < 5; k++) {
                    Model seen = store.findModel(created.name()).orElseThrow();
                    try {
                        store.updateModel(seen.toBuilder().description("rev " + (seen.revision() + 1)).build());
                    } catch (ConflictException lostRace) {
                        assertThat(lostRace).hasMessageContaining(created.name().value());
                    }
                }
                return null;
            });
            assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
            long rev = store.findModel(created.name()).orElseThrow().revision();
            assertThat(rev).isBetween(2L, 1L + (n / 2) * 5L);
        }
    }
}
