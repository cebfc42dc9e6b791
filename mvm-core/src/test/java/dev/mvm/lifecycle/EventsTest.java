package dev.mvm.lifecycle;

import static dev.mvm.api.lifecycle.LifecycleState.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mvm.ModelRegistry;
import dev.mvm.api.event.ModelDeleted;
import dev.mvm.api.event.ModelRegistered;
import dev.mvm.api.event.ModelUpdated;
import dev.mvm.api.event.PointerMoved;
import dev.mvm.api.event.RegistryEvent;
import dev.mvm.api.event.RegistryListener;
import dev.mvm.api.event.RolledBack;
import dev.mvm.api.event.StateChanged;
import dev.mvm.api.event.VersionApproved;
import dev.mvm.api.event.VersionCreated;
import dev.mvm.api.event.VersionDeleted;
import dev.mvm.api.event.VersionUpdated;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Registry events")
class EventsTest {
    @TempDir
    Path tmp;
    final List<RegistryEvent> received = new CopyOnWriteArrayList<>();
    ModelRegistry registry;
    int seen;

    @BeforeEach
    void open() {
        registry = ModelRegistry.builder().directory(tmp.resolve("r")).actor("user:alice")
                .listener(received::add).build();
    }

    @AfterEach
    void close() {
        registry.close();
    }

    /** The events emitted since the last call, after every listener has caught up. */
    List<RegistryEvent> next() throws InterruptedException {
        assertThat(registry.events().awaitDelivered(Duration.ofSeconds(10))).isTrue();
        List<RegistryEvent> batch = new ArrayList<>(received.subList(seen, received.size()));
        seen = received.size();
        return batch;
    }

    static String describe(RegistryEvent e) {
        if (e instanceof StateChanged s) {
            return s.type() + " " + s.target() + " " + s.change().from() + "->" + s.change().to();
        }
        if (e instanceof PointerMoved p) {
            return p.type() + " " + p.target() + " " + p.move().from() + "->" + p.move().to();
        }
        if (e instanceof RolledBack r) {
            return r.type() + " " + r.target() + " " + r.move().from() + "->" + r.move().to();
        }
        return e.type() + " " + e.target();
    }

    @Test
    @DisplayName("every mutation emits exactly the expected events, each with a unique id, time and actor")
    void everyMutation() throws Exception {
        registry.models().register("fraud");
        assertThat(next()).singleElement().isInstanceOf(ModelRegistered.class)
                .extracting(EventsTest::describe).isEqualTo("model.registered fraud");
        registry.model("fraud").update(m -> m.description("card fraud"));
        assertThat(next()).singleElement().isInstanceOfSatisfying(ModelUpdated.class,
                e -> assertThat(e.updated().description()).isEqualTo("card fraud"));
        registry.model("fraud").newVersion().version("1.0.0").register();
        registry.model("fraud").newVersion().version("1.1.0").register();
        assertThat(next()).extracting(EventsTest::describe)
                .containsExactly("version.created fraud@1.0.0", "version.created fraud@1.1.0");
        registry.model("fraud").version("1.0.0").update(c -> c.metric("auc", 0.9));
        assertThat(next()).singleElement().isInstanceOf(VersionUpdated.class);
        registry.model("fraud").version("1.0.0").transition(STAGING, "review");
        registry.model("fraud").version("1.1.0").transition(STAGING, "review");
        assertThat(next()).extracting(EventsTest::describe).containsExactly(
                "version.state_changed fraud@1.0.0 DRAFT->STAGING", "version.state_changed fraud@1.1.0 DRAFT->STAGING");
        registry.model("fraud").version("1.0.0").approve("user:bob", "ok");
        assertThat(next()).singleElement().isInstanceOfSatisfying(VersionApproved.class,
                e -> assertThat(e.actor()).isEqualTo("user:bob"));
        registry.model("fraud").version("1.0.0").publish();
        assertThat(next()).extracting(EventsTest::describe).containsExactly(
                "version.state_changed fraud@1.0.0 STAGING->PRODUCTION", "pointer.moved fraud#production null->1.0.0");
        registry.model("fraud").version("1.1.0").publish();
        assertThat(next()).extracting(EventsTest::describe).containsExactly(
                "version.state_changed fraud@1.1.0 STAGING->PRODUCTION", "pointer.moved fraud#production 1.0.0->1.1.0",
                "version.state_changed fraud@1.0.0 PRODUCTION->STAGING");
        registry.model("fraud").rollback("production", "slow");
        assertThat(next()).extracting(EventsTest::describe).containsExactly(
                "version.state_changed fraud@1.0.0 STAGING->PRODUCTION", "pointer.rolled_back fraud#production 1.1.0->1.0.0",
                "version.state_changed fraud@1.1.0 PRODUCTION->DEPRECATED");
        registry.model("fraud").version("1.0.0").unpublish("production");
        assertThat(next()).extracting(EventsTest::describe).containsExactly(
                "pointer.moved fraud#production 1.0.0->null", "version.state_changed fraud@1.0.0 PRODUCTION->STAGING");
        registry.model("fraud").version("1.1.0").delete();
        assertThat(next()).singleElement().isInstanceOf(VersionDeleted.class)
                .extracting(RegistryEvent::target).isEqualTo("fraud@1.1.0");
        registry.model("fraud").delete();
        assertThat(next()).singleElement().isInstanceOf(ModelDeleted.class);

        assertThat(received).extracting(RegistryEvent::id).doesNotHaveDuplicates();
        assertThat(received).filteredOn(e -> !(e instanceof VersionApproved))
                .extracting(RegistryEvent::actor).containsOnly("user:alice");
        assertThat(received).allSatisfy(e -> {
            assertThat(e.at()).isNotNull();
            assertThat(e.model().value()).isEqualTo("fraud");
        });
        assertThat(received).filteredOn(e -> e instanceof VersionCreated).hasSize(2);
    }

    @Test
    @DisplayName("a listener that throws does not affect the operation or other listeners")
    void throwingListener() throws Exception {
        List<RegistryEvent> good = new CopyOnWriteArrayList<>();
        RegistryListener failing = e -> {
            throw new IllegalStateException("listener bug");
        };
        try (ModelRegistry r = ModelRegistry.builder().directory(tmp.resolve("t")).listener(failing)
                .listener(good::add).build()) {
            r.models().register("m");
            r.model("m").newVersion().version("1.0.0").register();
            assertThat(r.model("m").versions()).hasSize(1);
            assertThat(r.events().awaitDelivered(Duration.ofSeconds(10))).isTrue();
            assertThat(good).hasSize(2);
            assertThat(r.events().failed()).isEqualTo(2);
            assertThat(r.events().dropped()).isZero();
        }
    }

    @Test
    @DisplayName("a blocked listener neither blocks operations nor grows without bound: overflow is dropped and counted")
    void blockedListener() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        RegistryListener blocked = e -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            handled.incrementAndGet();
        };
        List<RegistryEvent> other = new CopyOnWriteArrayList<>();
        try (ModelRegistry r = ModelRegistry.builder().directory(tmp.resolve("b")).eventQueueCapacity(2)
                .listener(blocked).listener(other::add).build()) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                r.models().register("m");
                for (int i = 1; i <= 4; i++) {
                    r.model("m").newVersion().version("1." + i + ".0").register();
                }
            });
            assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(r.model("m").versions()).hasSize(4);
            // 5 events: 1 being handled, 2 queued, 2 dropped for the blocked listener; none for the other one
            assertThat(r.events().dropped()).isEqualTo(2);
            assertThat(r.events().awaitDelivered(Duration.ofMillis(50))).isFalse();
            release.countDown();
            assertThat(r.events().awaitDelivered(Duration.ofSeconds(10))).isTrue();
            assertThat(handled.get()).isEqualTo(3);
            assertThat(other).hasSize(5);
        }
    }
}
