package dev.mvm.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.ModelRegistry;
import dev.mvm.access.AccessController;
import dev.mvm.access.SqliteAccessPolicyStore;
import dev.mvm.api.access.AccessPolicyStore;
import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.ModelListing;
import dev.mvm.api.spi.RegistryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Embedded registries with access control, filled with models, versions, histories, grants and audit records. */
final class RegistryFixture implements AutoCloseable {
    static final Principal ADMIN = Principal.user("admin");
    static final Role AUDITOR = Role.of("auditor", Set.of(Permission.READ, Permission.READ_AUDIT));

    final Path directory;
    final SqliteAccessPolicyStore policies;
    final ModelRegistry registry;

    private RegistryFixture(Path directory, @Nullable ArtifactStore artifacts) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.policies = SqliteAccessPolicyStore.open(directory.resolve("access.db"));
        AccessController access = AccessController.rbac(policies).build();
        if (policies.grants().stream().noneMatch(g -> g.principal().equals(ADMIN))) {
            access.grantAsSystem(ADMIN, Role.ADMIN, Scope.global(), null);
        }
        ModelRegistry.Builder b = ModelRegistry.builder().directory(directory).accessControl(access).principal(ADMIN);
        if (artifacts != null) {
            b.artifactStore(artifacts);
        }
        this.registry = b.build();
    }

    /** An empty registry with access control (and its admin's grant). */
    static RegistryFixture empty(Path directory) {
        return new RegistryFixture(directory, null);
    }

    /** An empty registry with access control whose files go to the given store. */
    static RegistryFixture empty(Path directory, ArtifactStore artifacts) {
        return new RegistryFixture(directory, artifacts);
    }

    /** A registry with two models, five versions, lifecycle and pointer histories, grants and a custom role. */
    static RegistryFixture populated(Path directory) {
        RegistryFixture f = new RegistryFixture(directory, null);
        ModelRegistry r = f.registry;
        f.policies.defineRole(AUDITOR);
        r.access().grant(Principal.user("bob"), Role.VIEWER, Scope.model("fraud"), null);
        r.access().grant(Principal.user("carol"), AUDITOR, Scope.global(), null);
        r.access().grant(Principal.user("dave"), Role.PUBLISHER, Scope.model("tokenizer"), null);

        r.models().register("tokenizer", m -> m.description("word pieces").framework("hf"));
        r.model("tokenizer").newVersion().version("1.0.0").content("vocab.txt", bytes(2000, 1)).register();
        r.models().register("fraud", m -> m.description("card fraud").framework("pytorch").task("classification")
                .tag("team", "risk").metadata("input", Map.of("shape", List.of(-1, 512))));
        r.model("fraud").newVersion().version("1.0.0").content("shared.bin", bytes(30_000, 2))
                .content("weights.bin", bytes(50_000, 3)).metric("auc", 0.91).register();
        r.model("fraud").newVersion().version("1.1.0").content("shared.bin", bytes(30_000, 2))
                .content("weights.bin", bytes(60_000, 4)).metric("auc", 0.93).param("lr", "0.01")
                .parent("1.0.0").register();
        r.model("fraud").newVersion().version("1.2.0+build.7").content("weights.bin", bytes(70_000, 5))
                .content("nested/config.json", "{\"layers\": 12}".getBytes()).dependsOn("tokenizer@1.0.0")
                .runId("run-42").dataset("s3://data/fraud@v3").tag("candidate", "yes").register();
        r.model("fraud").newVersion().version("2.0.0-rc.1").content("empty.txt", new byte[0]).register();

        r.model("fraud").version("1.0.0").transition(LifecycleState.STAGING, "evaluate");
        r.model("fraud").version("1.0.0").publish("production");
        r.model("fraud").version("1.1.0").transition(LifecycleState.STAGING, "evaluate");
        r.model("fraud").version("1.1.0").approve("user:admin", "looks good");
        r.model("fraud").version("1.1.0").publish("production", "better auc");
        r.model("fraud").rollback("production", "1.0.0", "latency regression");
        r.model("fraud").version("1.2.0").transition(LifecycleState.STAGING, "evaluate");
        r.model("fraud").version("1.2.0").publish("staging");
        r.model("fraud").version("1.2.0").unpublish("staging", "done");
        r.model("fraud").version("1.2.0").update(v -> v.description("third try"));
        r.model("tokenizer").version("1.0.0").transition(LifecycleState.STAGING, "evaluate");
        r.model("tokenizer").version("1.0.0").publish("production");
        return f;
    }

    static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            policies.close();
        }
    }

    // ---------------------------------------------------------------- comparisons

    static List<Model> models(ModelRegistry r) {
        return r.registryStore().listModels(ModelListing.all().withLimit(ModelListing.MAX_LIMIT)).stream()
                .map(m -> m.toBuilder().revision(0).build()).toList();
    }

    static List<ModelVersion> versions(ModelRegistry r) {
        List<ModelVersion> out = new ArrayList<>();
        for (Model m : models(r)) {
            r.registryStore().listVersions(m.name()).forEach(v -> out.add(v.toBuilder().revision(0).build()));
        }
        return out;
    }

    static List<AuditRecord> audit(ModelRegistry r) {
        return r.auditLog().orElseThrow().query(AuditQuery.builder().limit(AuditQuery.MAX_LIMIT).build());
    }

    /** Asserts that the target holds what the source holds (for the models given, or all), histories included. */
    static void assertSameContent(ModelRegistry source, ModelRegistry target, Path scratch, String... onlyModels) {
        RegistryStore s = source.registryStore();
        RegistryStore t = target.registryStore();
        List<Model> sourceModels = models(source).stream()
                .filter(m -> onlyModels.length == 0 || List.of(onlyModels).contains(m.name().value())).toList();
        assertThat(models(target).stream()
                .filter(m -> onlyModels.length == 0 || List.of(onlyModels).contains(m.name().value())).toList())
                .containsExactlyElementsOf(sourceModels);
        for (Model m : sourceModels) {
            ModelName name = m.name();
            List<ModelVersion> sv = s.listVersions(name).stream().map(v -> v.toBuilder().revision(0).build()).toList();
            List<ModelVersion> tv = t.listVersions(name).stream().map(v -> v.toBuilder().revision(0).build()).toList();
            assertThat(tv).containsExactlyElementsOf(sv);
            for (ModelVersion v : sv) {
                assertThat(t.stateHistory(name, v.version())).isEqualTo(s.stateHistory(name, v.version()));
                assertThat(target.artifactStore().readManifest(name, v.version(), v.artifacts().root()))
                        .isEqualTo(source.artifactStore().readManifest(name, v.version(), v.artifacts().root()));
                assertThat(target.model(name.value()).version(v.version())
                        .download(scratch.resolve(name.value()).resolve(v.version().toString())).manifest().root())
                        .isEqualTo(v.artifacts().root());
            }
            assertThat(t.listPointers(name)).isEqualTo(s.listPointers(name));
            for (String env : List.of("production", "staging")) {
                assertThat(t.pointerHistory(name, EnvironmentName.of(env)))
                        .isEqualTo(s.pointerHistory(name, EnvironmentName.of(env)));
            }
        }
    }

    static AccessPolicyStore policies(ModelRegistry r) {
        return r.accessPolicyStore().orElseThrow();
    }
}
