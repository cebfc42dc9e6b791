package dev.mvm.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.ModelRegistry;
import dev.mvm.access.TestClock;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.model.VersionRef;
import dev.mvm.gc.GarbageCollectionReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Retention over an embedded registry")
class RetentionTest {
    private static final byte[] SHARED = bytes(5000, 1);
    private static final byte[] SHARED_ACROSS_MODELS = bytes(7000, 2);

    @TempDir
    Path tmp;
    TestClock clock;
    ModelRegistry registry;

    @BeforeEach
    void open() {
        clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        registry = ModelRegistry.builder().directory(tmp.resolve("registry")).clock(clock).actor("user:ops").build();
        registry.models().register("tokenizer");
        registry.model("tokenizer").newVersion().version("1.0.0").content("vocab.txt", bytes(900, 10)).register();
        registry.model("tokenizer").newVersion().version("2.0.0").content("vocab.txt", bytes(950, 11))
                .content("extra.bin", SHARED_ACROSS_MODELS).register();
        registry.models().register("fraud");
        for (int minor = 0; minor <= 5; minor++) {
            var draft = registry.model("fraud").newVersion().version("1." + minor + ".0")
                    .content("shared.bin", SHARED).content("weights.bin", bytes(1000 + 100 * minor, 20 + minor));
            if (minor == 4) {
                draft.content("extra.bin", SHARED_ACROSS_MODELS);
            }
            if (minor == 5) {
                draft.parent("1.0.0").dependsOn("tokenizer@1.0.0");
            }
            draft.register();
        }
        registry.model("fraud").version("1.1.0").transition(LifecycleState.STAGING, "eval");
        registry.model("fraud").version("1.1.0").publish("production");
        clock.advance(Duration.ofDays(1));
        registry.model("fraud").version("1.2.0").transition(LifecycleState.STAGING, "eval");
        registry.model("fraud").version("1.2.0").publish("production"); // 1.1.0 leaves PRODUCTION now
        clock.advance(Duration.ofDays(100));
    }

    @AfterEach
    void close() {
        registry.close();
    }

    static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    static Map<String, RetentionDecision> byRef(RetentionPlan plan) {
        return plan.decisions().stream().collect(Collectors.toMap(d -> d.version().toString(), Function.identity()));
    }

    static RetentionPolicy.Builder keepOne() {
        return RetentionPolicy.builder().keepLast(1);
    }

    @Test
    @DisplayName("the dry run keeps the latest, pointed, recently-in-production and lineage versions, each with why")
    void planExplainsEveryDecision() {
        RetentionPlan plan = registry.retention(keepOne().keepProductionWithin(Duration.ofDays(30)).build()).plan();

        Map<String, RetentionDecision> d = byRef(plan);
        assertThat(d).hasSize(8);
        assertThat(d.get("fraud@1.5.0").keptBecause()).containsExactly(KeepReason.LATEST);
        assertThat(d.get("fraud@1.2.0").keptBecause())
                .containsExactlyInAnyOrder(KeepReason.ENVIRONMENT_POINTER, KeepReason.RECENT_PRODUCTION);
        assertThat(d.get("fraud@1.0.0").keptBecause()).containsExactly(KeepReason.LINEAGE);
        assertThat(d.get("tokenizer@1.0.0").keptBecause()).containsExactly(KeepReason.LINEAGE);
        assertThat(d.get("tokenizer@2.0.0").keptBecause()).containsExactly(KeepReason.LATEST);
        assertThat(plan.removals()).extracting(r -> r.version().toString())
                .containsExactly("fraud@1.1.0", "fraud@1.3.0", "fraud@1.4.0");
        assertThat(plan.kept()).hasSize(5);
        // shared.bin is kept by other versions, extra.bin by tokenizer@2.0.0: only the weights go
        assertThat(plan.bytesFreed()).isEqualTo(1100 + 1300 + 1400);
        assertThat(d.get("fraud@1.4.0").bytes()).isEqualTo(5000 + 1400 + 7000);
        assertThat(plan.computedAt()).isEqualTo(clock.instant());
        assertThat(plan.toString()).contains("archive 3 of 8 versions");
        // a dry run changes nothing
        assertThat(registry.model("fraud").version("1.3.0").info().state()).isEqualTo(LifecycleState.DRAFT);
    }

    @Test
    @DisplayName("a version that left production within the period is kept, one that left before it is not")
    void productionPeriod() {
        RetentionPlan longer = registry.retention(keepOne().keepProductionWithin(Duration.ofDays(200)).build()).plan();
        assertThat(byRef(longer).get("fraud@1.1.0").keptBecause()).containsExactly(KeepReason.RECENT_PRODUCTION);

        RetentionPlan without = registry.retention(keepOne().build()).plan();
        assertThat(byRef(without).get("fraud@1.1.0").removed()).isTrue();
        assertThat(byRef(without).get("fraud@1.2.0").keptBecause()).containsExactly(KeepReason.ENVIRONMENT_POINTER);
    }

    @Test
    @DisplayName("ARCHIVE moves the removed versions to ARCHIVED through the facade, audited; a rerun has nothing to do")
    void archive() {
        RetentionReport report = registry.retention(keepOne().keepProductionWithin(Duration.ofDays(30))
                .reason("quarterly cleanup").build()).apply();

        assertThat(report.removed()).extracting(VersionRef::toString)
                .containsExactly("fraud@1.1.0", "fraud@1.3.0", "fraud@1.4.0");
        assertThat(report.failures()).isEmpty();
        assertThat(report.skipped()).isEmpty();
        for (String v : List.of("1.1.0", "1.3.0", "1.4.0")) {
            assertThat(registry.model("fraud").version(v).info().state()).isEqualTo(LifecycleState.ARCHIVED);
            assertThat(registry.model("fraud").version(v).stateHistory()).last()
                    .satisfies(c -> assertThat(c.reason()).isEqualTo("quarterly cleanup"));
        }
        assertThat(registry.model("fraud").version("1.5.0").info().state()).isEqualTo(LifecycleState.DRAFT);
        List<AuditRecord> transitions = registry.audit().query(AuditQuery.builder().action("version.transition")
                .model("fraud").limit(100).build());
        assertThat(transitions).extracting(r -> r.event().version())
                .contains("1.1.0", "1.3.0", "1.4.0");

        RetentionPlan again = registry.retention(keepOne().keepProductionWithin(Duration.ofDays(30)).build()).plan();
        assertThat(again.removals()).isEmpty();
        assertThat(byRef(again).get("fraud@1.3.0").keptBecause()).containsExactly(KeepReason.ALREADY_ARCHIVED);
    }

    @Test
    @DisplayName("DELETE deletes through the facade; garbage collection then frees exactly the planned bytes")
    void deleteThenCollect() {
        RetentionPolicy policy = keepOne().action(RetentionAction.DELETE).build();
        RetentionPlan plan = registry.retention(policy).plan();
        assertThat(plan.removals()).extracting(r -> r.version().toString())
                .containsExactly("fraud@1.1.0", "fraud@1.3.0", "fraud@1.4.0");

        RetentionReport report = registry.retention(policy).apply(plan);

        assertThat(report.removed()).hasSize(3);
        assertThat(registry.model("fraud").versions()).extracting(v -> v.version().toString())
                .containsExactly("1.0.0", "1.2.0", "1.5.0");
        GarbageCollectionReport preview = registry.garbageCollection(Duration.ofHours(1)).dryRun();
        long manifestBytes = preview.collected().stream().filter(b -> b.size() < 400).mapToLong(b -> b.size()).sum();
        assertThat(preview.bytesFreed() - manifestBytes).isEqualTo(plan.bytesFreed());
        assertThat(preview.collected()).hasSize(3 + 3); // three weight files and three manifests
        GarbageCollectionReport done = registry.garbageCollection(Duration.ofHours(1)).collect();
        assertThat(done.bytesFreed()).isEqualTo(preview.bytesFreed());
        assertThat(registry.garbageCollection(Duration.ofHours(1)).dryRun().collected()).isEmpty();
        assertThat(registry.model("fraud").version("1.5.0").download(tmp.resolve("dl")).manifest().files())
                .hasSize(2);
    }

    @Test
    @DisplayName("applying an earlier plan skips a version that a fresh plan keeps (published meanwhile)")
    void stalePlanIsRechecked() {
        RetentionPolicy policy = keepOne().action(RetentionAction.DELETE).build();
        RetentionPlan plan = registry.retention(policy).plan();
        registry.model("fraud").version("1.3.0").transition(LifecycleState.STAGING, "eval");
        registry.model("fraud").version("1.3.0").publish("staging");

        RetentionReport report = registry.retention(policy).apply(plan);

        assertThat(report.skipped()).extracting(VersionRef::toString).containsExactly("fraud@1.3.0");
        assertThat(report.removed()).extracting(VersionRef::toString).containsExactly("fraud@1.1.0", "fraud@1.4.0");
        assertThat(registry.model("fraud").version("1.3.0").info()).isNotNull();
        assertThatThrownBy(() -> registry.retention(keepOne().build()).apply(plan))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("computed for");
    }

    @Test
    @DisplayName("removals run as the acting principal: denied ones are reported as failures and the run goes on")
    void failuresAreReported() {
        registry.close();
        var policies = dev.mvm.access.SqliteAccessPolicyStore.open(tmp.resolve("access.db"));
        var access = dev.mvm.access.AccessController.rbac(policies).build();
        access.grantAsSystem(dev.mvm.api.access.Principal.user("bob"), dev.mvm.api.access.Role.PUBLISHER,
                dev.mvm.api.access.Scope.global(), null);
        try {
            registry = ModelRegistry.builder().directory(tmp.resolve("registry")).clock(clock).accessControl(access)
                    .build();
            RetentionReport report = registry.as(dev.mvm.api.access.Principal.user("bob"))
                    .retention(keepOne().action(RetentionAction.DELETE).build()).apply();
            assertThat(report.removed()).isEmpty();
            assertThat(report.failures()).extracting(f -> f.version().toString())
                    .containsExactly("fraud@1.1.0", "fraud@1.3.0", "fraud@1.4.0");
            assertThat(report.failures().get(0).message()).contains("user:bob");
            assertThat(report.toString()).contains("failed 3");
            assertThat(registry.registryStore().listVersions(dev.mvm.api.model.ModelName.of("fraud"))).hasSize(6);
            assertThatThrownBy(() -> registry.as(dev.mvm.api.access.Principal.user("eve")).retention(keepOne().build()))
                    .isInstanceOf(dev.mvm.api.error.AccessDeniedException.class);
            assertThatThrownBy(() -> registry.as(dev.mvm.api.access.Principal.user("bob"))
                    .garbageCollection(Duration.ofHours(1)).dryRun())
                    .isInstanceOf(dev.mvm.api.error.AccessDeniedException.class);
        } finally {
            policies.close();
        }
    }

    @Test
    @DisplayName("a policy declared on the builder is what registry.retention() runs")
    void declaredOnBuilder() {
        RetentionPolicy policy = keepOne().keepProductionWithin(Duration.ofDays(7)).build();
        try (ModelRegistry declared = ModelRegistry.builder().directory(tmp.resolve("other")).clock(clock)
                .retentionPolicy(policy).build()) {
            assertThat(declared.retention().policy()).isEqualTo(policy);
            assertThat(declared.retentionPolicy()).contains(policy);
            assertThat(declared.retention().plan().decisions()).isEmpty();
        }
        assertThat(registry.retentionPolicy()).isEmpty();
        assertThatThrownBy(() -> registry.retention()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("retentionPolicy(..)");
    }

    @Test
    @DisplayName("the policy builder validates its settings and the policy is an immutable value")
    void policyValidation() {
        assertThatThrownBy(() -> RetentionPolicy.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keepLast");
        assertThatThrownBy(() -> RetentionPolicy.builder().keepLast(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetentionPolicy.builder().keepProductionWithin(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetentionPolicy.builder().reason("a\u0000b"))
                .isInstanceOf(IllegalArgumentException.class);
        RetentionPolicy p = RetentionPolicy.builder().keepLast(3).action(RetentionAction.DELETE).build();
        assertThat(p.keepLast()).isEqualTo(3);
        assertThat(p.keepProductionWithin()).isEmpty();
        assertThat(p.reason()).isEqualTo(RetentionPolicy.DEFAULT_REASON);
        assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(p.toBuilder().keepLast(4).build()).isNotEqualTo(p);
        assertThat(p.toString()).contains("keepLast=3", "DELETE");
        RetentionDecision kept = new RetentionDecision(VersionRef.of("m", "1.0.0"), LifecycleState.DRAFT, 5,
                Set.of(KeepReason.LATEST));
        assertThat(kept.removed()).isFalse();
        assertThat(kept.toString()).contains("keep");
        assertThatThrownBy(() -> new RetentionDecision(VersionRef.of("m", "1.0.0"), LifecycleState.DRAFT, -1, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Arrays.asList(RetentionAction.values())).hasSize(2);
    }
}
