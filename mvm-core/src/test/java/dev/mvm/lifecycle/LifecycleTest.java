package dev.mvm.lifecycle;

import static dev.mvm.api.lifecycle.LifecycleState.ARCHIVED;
import static dev.mvm.api.lifecycle.LifecycleState.DEPRECATED;
import static dev.mvm.api.lifecycle.LifecycleState.DRAFT;
import static dev.mvm.api.lifecycle.LifecycleState.PRODUCTION;
import static dev.mvm.api.lifecycle.LifecycleState.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mvm.ModelRegistry;
import dev.mvm.VersionHandle;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.IllegalTransitionException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.PromotionRejectedException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Lifecycle through the facade")
class LifecycleTest {
    /** ARCHITECTURE.md §4, written out independently of LifecyclePolicy.defaults(). */
    static final Map<LifecycleState, List<LifecycleState>> TABLE = Map.of(
            DRAFT, List.of(STAGING, ARCHIVED),
            STAGING, List.of(PRODUCTION, DEPRECATED, ARCHIVED, DRAFT),
            PRODUCTION, List.of(DEPRECATED, STAGING),
            DEPRECATED, List.of(ARCHIVED),
            ARCHIVED, List.of(STAGING));
    static final List<LifecycleState> ALL = List.of(DRAFT, STAGING, PRODUCTION, DEPRECATED, ARCHIVED);

    @TempDir
    Path tmp;
    ModelRegistry registry;
    SteppingClock clock = new SteppingClock();

    @BeforeEach
    void open() {
        registry = ModelRegistry.builder().directory(tmp.resolve("registry")).actor("user:alice").clock(clock).build();
        registry.models().register("fraud");
    }

    @AfterEach
    void close() {
        registry.close();
    }

    /** A clock that moves one second on every reading, so every recorded time is distinct and predictable. */
    static final class SteppingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    VersionHandle version(String v, double accuracy) {
        registry.model("fraud").newVersion().version(v).metric("accuracy", accuracy).register();
        return registry.model("fraud").version(v);
    }

    VersionHandle staged(String v) {
        VersionHandle h = version(v, 0.9);
        h.transition(STAGING, "ready for review");
        return h;
    }

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (LifecycleState from : ALL) {
            for (LifecycleState to : ALL) {
                if (!from.equals(to)) {
                    pairs.add(Arguments.of(from, to));
                }
            }
        }
        return pairs.stream();
    }

    @Nested
    @DisplayName("the default transition table")
    class DefaultTable {
        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("dev.mvm.lifecycle.LifecycleTest#everyPair")
        @DisplayName("allows exactly the edges of ARCHITECTURE.md §4 and names the allowed targets otherwise")
        void everyEdge(LifecycleState from, LifecycleState to) {
            VersionHandle h = version("1.0.0", 0.9);
            for (LifecycleState step : registry.lifecyclePolicy().path(DRAFT, from)) {
                h.transition(step, "setup");
            }
            assertThat(h.info().state()).isEqualTo(from);
            if (TABLE.get(from).contains(to)) {
                assertThat(h.transition(to, "test").state()).isEqualTo(to);
                assertThat(h.stateHistory().get(h.stateHistory().size() - 1))
                        .extracting(StateChange::from, StateChange::to).containsExactly(from, to);
            } else {
                IllegalTransitionException e = catchThrowableOfType(IllegalTransitionException.class,
                        () -> h.transition(to, "test"));
                assertThat(e).isNotNull();
                assertThat(e.from()).isEqualTo(from.name());
                assertThat(e.to()).isEqualTo(to.name());
                assertThat(e.allowed()).containsExactlyElementsOf(TABLE.get(from).stream().map(LifecycleState::name)
                        .toList());
                assertThat(e.getMessage()).contains("fraud@1.0.0", from.name(), to.name());
                assertThat(h.info().state()).isEqualTo(from);
            }
        }

        @Test
        @DisplayName("is what LifecyclePolicy.defaults() holds")
        void policyMatches() {
            LifecyclePolicy p = LifecyclePolicy.defaults();
            assertThat(p.initial()).isEqualTo(DRAFT);
            assertThat(p.states()).containsExactlyElementsOf(ALL);
            for (LifecycleState s : ALL) {
                assertThat(p.allowedTargets(s)).containsExactlyInAnyOrderElementsOf(TABLE.get(s));
            }
            assertThat(p.environmentState(EnvironmentName.PRODUCTION)).contains(PRODUCTION);
            assertThat(p.environmentState(EnvironmentName.STAGING)).isEmpty();
            assertThat(p.path(PRODUCTION, ARCHIVED)).containsExactly(DEPRECATED, ARCHIVED);
        }

        @Test
        @DisplayName("records who, when, from, to and why for every transition, oldest first")
        void history() {
            VersionHandle h = version("1.0.0", 0.9);
            h.transition(STAGING, "candidate");
            h.transition(PRODUCTION, "go live");
            h.deprecate("superseded");
            List<StateChange> history = h.stateHistory();
            assertThat(history).extracting(StateChange::from, StateChange::to, StateChange::reason).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(DRAFT, STAGING, "candidate"),
                    org.assertj.core.groups.Tuple.tuple(STAGING, PRODUCTION, "go live"),
                    org.assertj.core.groups.Tuple.tuple(PRODUCTION, DEPRECATED, "superseded"));
            assertThat(history).allSatisfy(c -> assertThat(c.actor()).isEqualTo("user:alice"));
            assertThat(history).extracting(StateChange::at).isSorted().doesNotHaveDuplicates()
                    .allSatisfy(at -> assertThat(at).isAfter(Instant.parse("2026-01-01T00:00:00Z")));
            assertThat(h.info().updatedAt()).isEqualTo(history.get(2).at());
        }
    }

    @Nested
    @DisplayName("a custom transition table")
    class CustomTable {
        final LifecycleState proposed = LifecycleState.of("proposed");
        final LifecycleState review = LifecycleState.of("review");
        final LifecycleState live = LifecycleState.of("live");
        final LifecycleState retired = LifecycleState.of("retired");

        LifecyclePolicy.Builder table() {
            return LifecyclePolicy.builder().states(proposed, review, live, retired).initial(proposed)
                    .allow(proposed, review).allow(review, live, proposed).allow(live, retired);
        }

        @Test
        @DisplayName("starts versions in its initial state and enforces its own edges")
        void enforced() {
            try (ModelRegistry custom = ModelRegistry.builder().directory(tmp.resolve("custom"))
                    .lifecyclePolicy(table().environmentState("production", live).build()).build()) {
                custom.models().register("m");
                ModelVersion v = custom.model("m").newVersion().version("1.0.0").register();
                assertThat(v.state()).isEqualTo(proposed);
                VersionHandle h = custom.model("m").version("1.0.0");
                assertThatThrownBy(() -> h.transition(live, "skip review"))
                        .isInstanceOf(IllegalTransitionException.class)
                        .hasMessageContaining("from PROPOSED to LIVE").hasMessageContaining("allowed from PROPOSED: REVIEW");
                h.transition(review, "look");
                h.publish();
                assertThat(h.info().state()).isEqualTo(live);
                assertThat(custom.model("m").resolve("production").info().version()).hasToString("1.0.0");
                assertThatThrownBy(() -> h.transition(DRAFT, "x")).isInstanceOf(IllegalTransitionException.class)
                        .hasMessageContaining("allowed from LIVE: RETIRED");
            }
        }

        @Test
        @DisplayName("is refused when a state cannot be reached from the initial one")
        void unreachable() {
            assertThatThrownBy(() -> table().states(LifecycleState.of("orphan")).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("[ORPHAN] cannot be reached from the initial state PROPOSED");
        }

        @Test
        @DisplayName("is refused when an edge names an unknown state")
        void unknownState() {
            assertThatThrownBy(() -> table().allow(live, LifecycleState.of("gone")).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("edge LIVE -> GONE names the unknown state GONE");
            assertThatThrownBy(() -> table().allow(LifecycleState.of("ghost"), live).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown state GHOST");
            assertThatThrownBy(() -> table().environmentState("production", PRODUCTION).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown state PRODUCTION");
            assertThatThrownBy(() -> LifecyclePolicy.builder().states(live).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("initial");
        }

        @Test
        @DisplayName("is refused when an after-unpublish move has no edge")
        void afterUnpublishNeedsEdge() {
            assertThatThrownBy(() -> table().afterUnpublish(live, proposed).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("LIVE -> PROPOSED");
        }

        @Test
        @DisplayName("can be derived from the defaults with an edge removed")
        void derived() {
            LifecyclePolicy p = LifecyclePolicy.defaults().toBuilder().forbid(STAGING, DRAFT).build();
            assertThat(p.allows(STAGING, DRAFT)).isFalse();
            assertThat(p.allows(STAGING, PRODUCTION)).isTrue();
        }
    }

    @Nested
    @DisplayName("publishing and environments")
    class Publishing {
        @Test
        @DisplayName("publish() points production to the version and moves it to PRODUCTION; resolve finds it")
        void publish() {
            VersionHandle h = staged("1.0.0");
            PointerMove move = h.publish();
            assertThat(move).extracting(PointerMove::environment, PointerMove::from, PointerMove::kind, PointerMove::actor)
                    .containsExactly(EnvironmentName.PRODUCTION, null, PointerMove.Kind.PUBLISH, "user:alice");
            assertThat(move.to()).hasToString("1.0.0");
            assertThat(h.info().state()).isEqualTo(PRODUCTION);
            assertThat(registry.model("fraud").resolve("production").info().version()).hasToString("1.0.0");
            assertThat(registry.model("fraud").status().hasProductionVersion()).isTrue();
        }

        @Test
        @DisplayName("refuses to publish a DRAFT to production, changing nothing")
        void draftRefused() {
            VersionHandle h = version("1.0.0", 0.9);
            assertThatThrownBy(h::publish).isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("allowed from DRAFT: STAGING, ARCHIVED");
            assertThat(h.info().state()).isEqualTo(DRAFT);
            assertThat(registry.model("fraud").pointers()).isEmpty();
            assertThat(h.stateHistory()).isEmpty();
        }

        @Test
        @DisplayName("publishing to an environment without a state leaves the state alone; any number of environments")
        void otherEnvironments() {
            VersionHandle h = version("1.0.0", 0.9);
            h.publish("staging", "smoke tests");
            h.publish("prod-eu");
            assertThat(h.info().state()).isEqualTo(DRAFT);
            assertThat(registry.model("fraud").pointers()).extracting(p -> p.environment().value())
                    .containsExactly("prod-eu", "staging");
            assertThat(registry.model("fraud").pointerHistory("staging")).singleElement()
                    .extracting(PointerMove::reason).isEqualTo("smoke tests");
        }

        @Test
        @DisplayName("a newer version replaces the old one, which goes back to STAGING; history keeps both moves")
        void replace() {
            staged("1.0.0").publish("production", "first");
            VersionHandle v2 = staged("1.1.0");
            v2.publish("production", "better");
            assertThat(registry.model("fraud").version("1.0.0").info().state()).isEqualTo(STAGING);
            assertThat(v2.info().state()).isEqualTo(PRODUCTION);
            List<PointerMove> history = registry.model("fraud").pointerHistory("production");
            assertThat(history).extracting(m -> String.valueOf(m.from()), m -> String.valueOf(m.to()), PointerMove::reason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("null", "1.0.0", "first"),
                            org.assertj.core.groups.Tuple.tuple("1.0.0", "1.1.0", "better"));
            assertThat(registry.model("fraud").version("1.0.0").stateHistory()).last()
                    .extracting(StateChange::from, StateChange::to, StateChange::reason)
                    .containsExactly(PRODUCTION, STAGING, "replaced in production by 1.1.0");
        }

        @Test
        @DisplayName("publishing the version already served changes nothing")
        void idempotent() {
            VersionHandle h = staged("1.0.0");
            PointerMove first = h.publish();
            assertThat(h.publish()).isEqualTo(first);
            assertThat(registry.model("fraud").pointerHistory("production")).hasSize(1);
        }

        @Test
        @DisplayName("publishIfCurrent refuses when the pointer is not where the caller saw it")
        void compareAndSet() {
            staged("1.0.0").publish();
            VersionHandle v2 = staged("1.1.0");
            assertThatThrownBy(() -> v2.publishIfCurrent("production", null, "stale"))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("points to 1.0.0, not nothing");
            assertThat(v2.info().state()).isEqualTo(STAGING);
            v2.publishIfCurrent("production", "1.0.0", "fresh");
            assertThat(registry.model("fraud").resolve("production").ref()).hasToString("fraud@1.1.0");
        }

        @Test
        @DisplayName("unpublish removes the pointer and moves the version back to STAGING")
        void unpublish() {
            VersionHandle h = staged("1.0.0");
            h.publish();
            assertThatThrownBy(() -> staged("1.1.0").unpublish("production"))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("it points to 1.0.0");
            PointerMove move = h.unpublish("production", "incident");
            assertThat(move.kind()).isEqualTo(PointerMove.Kind.UNPUBLISH);
            assertThat(move.to()).isNull();
            assertThat(registry.model("fraud").pointers()).isEmpty();
            assertThat(h.info().state()).isEqualTo(STAGING);
            assertThatThrownBy(() -> registry.model("fraud").resolve("production"))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("is not set");
        }

        @Test
        @DisplayName("refuses to publish an archived version")
        void archivedNotServed() {
            VersionHandle h = version("1.0.0", 0.9);
            h.archive("obsolete");
            assertThatThrownBy(() -> h.publish("staging")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("ARCHIVED, a state that may not serve");
        }

        @Test
        @DisplayName("status is derived from versions and pointers")
        void status() {
            staged("1.0.0").publish();
            version("1.1.0", 0.95);
            ModelStatus s = registry.model("fraud").status();
            assertThat(s.production()).hasValueSatisfying(v -> assertThat(v).hasToString("1.0.0"));
            assertThat(s.latest()).hasValueSatisfying(v -> assertThat(v).hasToString("1.1.0"));
            assertThat(s.count(PRODUCTION)).isEqualTo(1);
            assertThat(s.count(DRAFT)).isEqualTo(1);
            assertThat(s.versionCount()).isEqualTo(2);
            assertThat(s.archived()).isFalse();
        }
    }

    @Nested
    @DisplayName("deprecate, archive and restore")
    class Retiring {
        @Test
        @DisplayName("deprecate and archive refuse while published unless forced")
        void refuseWhilePublished() {
            VersionHandle h = staged("1.0.0");
            h.publish();
            assertThatThrownBy(() -> h.deprecate("old")).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("published to [production]");
            assertThatThrownBy(() -> h.archive("old")).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("published to [production]");
            assertThat(h.info().state()).isEqualTo(PRODUCTION);
            assertThat(h.deprecate("old", true).state()).isEqualTo(DEPRECATED);
            assertThat(registry.model("fraud").pointers()).isEmpty();
            assertThat(h.stateHistory()).extracting(StateChange::to).containsExactly(STAGING, PRODUCTION, STAGING,
                    DEPRECATED);
        }

        @Test
        @DisplayName("a forced archive of a published version unpublishes it first")
        void forcedArchive() {
            VersionHandle h = staged("1.0.0");
            h.publish();
            assertThat(h.archive("gone", true).state()).isEqualTo(ARCHIVED);
            assertThat(registry.model("fraud").pointerHistory("production")).last()
                    .extracting(PointerMove::kind).isEqualTo(PointerMove.Kind.UNPUBLISH);
        }

        @Test
        @DisplayName("restore brings an archived version back to STAGING and refuses other states")
        void restore() {
            VersionHandle h = version("1.0.0", 0.9);
            assertThatThrownBy(() -> h.restore("x")).isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("restore applies to ARCHIVED versions only");
            h.archive("shelved");
            assertThat(h.restore("needed again").state()).isEqualTo(STAGING);
        }

        @Test
        @DisplayName("archiving a whole model refuses while published, unless forced; then every version is archived")
        void archiveModel() {
            staged("1.0.0").publish();
            staged("1.1.0").publish("staging");
            version("1.2.0", 0.9);
            VersionHandle direct = staged("1.3.0");
            direct.transition(PRODUCTION, "labelled only");
            assertThatThrownBy(() -> registry.model("fraud").archive(false, "retire"))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("production (1.0.0)")
                    .hasMessageContaining("staging (1.1.0)");
            assertThat(registry.model("fraud").status().count(ARCHIVED)).isZero();
            List<ModelVersion> archived = registry.model("fraud").archive(true, "retire");
            assertThat(archived).extracting(ModelVersion::state).containsOnly(ARCHIVED).hasSize(4);
            assertThat(registry.model("fraud").pointers()).isEmpty();
            assertThat(registry.model("fraud").status().archived()).isTrue();
            assertThat(direct.stateHistory()).extracting(StateChange::to).endsWith(DEPRECATED, ARCHIVED);
        }
    }

    @Nested
    @DisplayName("rollback")
    class Rollback {
        @BeforeEach
        void twoReleases() {
            staged("1.0.0").publish("production", "first");
            staged("1.1.0").publish("production", "second");
        }

        @Test
        @DisplayName("moves production back to a target; the target serves, the rolled-back-from is DEPRECATED")
        void toTarget() {
            PointerMove move = registry.model("fraud").rollback("production", "1.0.0", "latency regression");
            assertThat(move.kind()).isEqualTo(PointerMove.Kind.ROLLBACK);
            assertThat(move.from()).hasToString("1.1.0");
            assertThat(move.to()).hasToString("1.0.0");
            assertThat(move.reason()).isEqualTo("latency regression");
            assertThat(registry.model("fraud").resolve("production").info())
                    .extracting(v -> v.version().toString(), ModelVersion::state).containsExactly("1.0.0", PRODUCTION);
            assertThat(registry.model("fraud").version("1.1.0").info().state()).isEqualTo(DEPRECATED);
            assertThat(registry.model("fraud").version("1.1.0").stateHistory()).last().extracting(StateChange::reason)
                    .isEqualTo("rolled back in production to 1.0.0: latency regression");
            assertThat(registry.model("fraud").pointerHistory("production")).hasSize(3);
        }

        @Test
        @DisplayName("without a target goes to the previous pointer value; twice undoes the first")
        void toPrevious() {
            registry.model("fraud").rollback("production", "bad release");
            assertThat(registry.model("fraud").resolve("production").info().version()).hasToString("1.0.0");
            registry.model("fraud").rollback("production", "it was fine after all");
            ModelVersion back = registry.model("fraud").resolve("production").info();
            assertThat(back.version()).hasToString("1.1.0");
            assertThat(back.state()).isEqualTo(DEPRECATED); // a deprecated version may serve; the table has no way back
            assertThat(registry.model("fraud").version("1.0.0").info().state()).isEqualTo(DEPRECATED);
        }

        @Test
        @DisplayName("refuses an archived target, the current version, a missing version and an unset pointer")
        void refusals() {
            registry.model("fraud").version("1.0.0").archive("gone");
            assertThatThrownBy(() -> registry.model("fraud").rollback("production", "1.0.0", "x"))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("ARCHIVED, a state that may not serve");
            assertThatThrownBy(() -> registry.model("fraud").rollback("production", "1.1.0", "x"))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("already points to 1.1.0");
            assertThatThrownBy(() -> registry.model("fraud").rollback("production", "9.0.0", "x"))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("9.0.0");
            assertThatThrownBy(() -> registry.model("fraud").rollback("prod-eu", "x"))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("is not set");
            assertThat(registry.model("fraud").resolve("production").info().version()).hasToString("1.1.0");
            assertThat(registry.model("fraud").version("1.1.0").info().state()).isEqualTo(PRODUCTION);
        }

        @Test
        @DisplayName("refuses a rollback without target when the pointer had no earlier value")
        void nothingBefore() {
            staged("2.0.0").publish("canary");
            assertThatThrownBy(() -> registry.model("fraud").rollback("canary", "x"))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("no previous version");
        }
    }

    @Nested
    @DisplayName("promotion rules")
    class Rules {
        ModelRegistry ruled;

        @BeforeEach
        void openRuled() {
            ruled = ModelRegistry.builder().directory(tmp.resolve("ruled")).actor("user:alice")
                    .promotionRule(PromotionRule.metricAtLeastCurrentMinus("accuracy", 0.01))
                    .promotionRule(PromotionRule.metricAtMostCurrentPlusPercent("latency_ms", 10))
                    .promotionRule(PromotionRule.requiredTag("reviewed"))
                    .promotionRule(PromotionRule.approvals(2))
                    .build();
            ruled.models().register("fraud");
        }

        @AfterEach
        void closeRuled() {
            ruled.close();
        }

        VersionHandle candidate(String v, double accuracy, double latency, boolean reviewed) {
            var draft = ruled.model("fraud").newVersion().version(v).metric("accuracy", accuracy)
                    .metric("latency_ms", latency);
            if (reviewed) {
                draft.tag("reviewed", "yes");
            }
            draft.register();
            VersionHandle h = ruled.model("fraud").version(v);
            h.transition(STAGING, "candidate");
            return h;
        }

        @Test
        @DisplayName("a first version needs only the tag and the approvals (nothing to compare metrics with)")
        void first() {
            VersionHandle h = candidate("1.0.0", 0.90, 100, true);
            PromotionRejectedException e = catchThrowableOfType(PromotionRejectedException.class, h::publish);
            assertThat(e.unmetRules()).singleElement().asString().contains("2 distinct approvals are required", "has 0");
            h.approve("user:bob", "looks good");
            h.approve("user:bob", "really");
            assertThatThrownBy(h::publish).isInstanceOf(PromotionRejectedException.class)
                    .hasMessageContaining("has 1 [user:bob]");
            h.approve("user:carol", "");
            h.publish();
            assertThat(h.info().state()).isEqualTo(PRODUCTION);
            assertThat(h.approvals()).extracting(StateChange::actor).containsExactly("user:bob", "user:bob", "user:carol");
            assertThat(h.approvals().get(0).reason()).isEqualTo("approval: looks good");
        }

        @Test
        @DisplayName("lists every unmet rule at once, comparing with the version production serves")
        void everyUnmetRule() {
            VersionHandle v1 = candidate("1.0.0", 0.90, 100, true);
            v1.approve("user:bob", "");
            v1.approve("user:carol", "");
            v1.publish();
            VersionHandle v2 = candidate("1.1.0", 0.88, 120, false);
            v2.approve("user:bob", "");
            PromotionRejectedException e = catchThrowableOfType(PromotionRejectedException.class, v2::publish);
            assertThat(e.unmetRules()).hasSize(4);
            assertThat(e.getMessage()).contains("4 rule(s) not met",
                    "metric 'accuracy' must be at least 0.89 (current - 0.01) but is 0.88 (fraud@1.0.0 has 0.9)",
                    "metric 'latency_ms' must be at most 110 (current + 10%) but is 120 (fraud@1.0.0 has 100)",
                    "tag 'reviewed' is required", "2 distinct approvals are required but fraud@1.1.0 has 1");
            assertThat(v2.info().state()).isEqualTo(STAGING);
            assertThat(ruled.model("fraud").resolve("production").info().version()).hasToString("1.0.0");
            assertThatThrownBy(() -> v2.transition(PRODUCTION, "direct")).isInstanceOf(PromotionRejectedException.class);

            VersionHandle v3 = candidate("1.2.0", 0.895, 109, true);
            v3.approve("user:bob", "");
            v3.approve("user:dave", "");
            v3.publish("production", "within the gates");
            assertThat(ruled.model("fraud").resolve("production").info().version()).hasToString("1.2.0");
        }

        @Test
        @DisplayName("rules do not guard other targets, and rollback does not re-check them")
        void onlyGuarded() {
            VersionHandle v1 = candidate("1.0.0", 0.90, 100, true);
            v1.approve("user:bob", "");
            v1.approve("user:carol", "");
            v1.publish();
            VersionHandle v2 = candidate("1.1.0", 0.95, 90, true);
            v2.approve("user:bob", "");
            v2.approve("user:carol", "");
            v2.publish();
            ruled.model("fraud").version("1.0.0").update(c -> c.removeTag("reviewed"));
            ruled.model("fraud").rollback("production", "1.0.0", "emergency");
            assertThat(ruled.model("fraud").resolve("production").info().state()).isEqualTo(PRODUCTION);
        }

        @Test
        @DisplayName("rule factories reject nonsense arguments")
        void arguments() {
            assertThatThrownBy(() -> PromotionRule.approvals(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> PromotionRule.metricAtLeastCurrentMinus("a", -1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> PromotionRule.metricAtMostCurrentPlusPercent("a", Double.NaN))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> PromotionRule.requiredTag("mvm.x")).isInstanceOf(ValidationException.class);
        }

        @Test
        @DisplayName("requiredTag with a value names the found value")
        void tagValue() {
            PromotionRule rule = PromotionRule.requiredTag("tier", "gold");
            ModelVersion v = ModelVersion.builder(dev.mvm.api.model.ModelName.of("m"), SemanticVersion.parse("1.0.0"))
                    .tags(Map.of("tier", "silver")).build();
            assertThat(rule.unmet(new PromotionCandidate(v, null, null, PRODUCTION, java.util.Set.of())))
                    .hasValue("tag 'tier' must be 'gold' but is 'silver'");
        }
    }

    @Test
    @DisplayName("approval needs a non-blank approver")
    void blankApprover() {
        VersionHandle h = version("1.0.0", 0.9);
        assertThatThrownBy(() -> h.approve(" ", "x")).isInstanceOf(ValidationException.class);
    }
}
