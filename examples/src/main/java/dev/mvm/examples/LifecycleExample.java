package dev.mvm.examples;

import dev.mvm.ModelRegistry;
import dev.mvm.api.event.RegistryEvent;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.lifecycle.ModelStatus;
import dev.mvm.lifecycle.PromotionRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The lifecycle example: two versions of {@code fraud-detector} go through staging into production under a
 * promotion rule and an approval, production is rolled back, and the state and pointer histories and the
 * events are printed.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am verify -DskipTests -Dquickstart
 * -Dexample=dev.mvm.examples.LifecycleExample}.
 */
public final class LifecycleExample {
    private LifecycleExample() {
    }

    /**
     * @param args optionally, the working directory (default {@code target/lifecycle})
     * @throws IOException if the working directory cannot be cleared
     * @throws InterruptedException if interrupted while waiting for the event listener
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path work = Path.of(args.length > 0 ? args[0] : "target/lifecycle").toAbsolutePath();
        deleteRecursively(work);
        List<RegistryEvent> events = new CopyOnWriteArrayList<>();

        // snippet:lifecycle
        ModelRegistry registry = ModelRegistry.builder()
                .directory(work.resolve("registry"))
                .actor("user:alice")
                .promotionRule(PromotionRule.metricAtLeastCurrentMinus("accuracy", 0.01))
                .promotionRule(PromotionRule.approvals(1))
                .listener(events::add)                       // or new WebhookNotifier(...) from mvm-webhooks
                .build();
        registry.models().register("fraud-detector");
        var model = registry.model("fraud-detector");
        model.newVersion().version("1.0.0").metric("accuracy", 0.91).register();
        model.newVersion().version("1.1.0").metric("accuracy", 0.93).register();

        model.version("1.0.0").transition(LifecycleState.STAGING, "offline evaluation passed");
        model.version("1.0.0").approve("user:bob", "first release");
        model.version("1.0.0").publish();                    // production -> 1.0.0, state PRODUCTION

        model.version("1.1.0").publish("staging", "canary"); // other environments keep the state
        model.version("1.1.0").transition(LifecycleState.STAGING, "canary looks good");
        model.version("1.1.0").approve("user:bob", "ship it");
        model.version("1.1.0").publish("production", "better accuracy");

        model.rollback("production", "1.0.0", "latency regression");  // 1.1.0 becomes DEPRECATED
        ModelVersion serving = model.resolve("production").info();
        // end-snippet

        try (registry) {
            System.out.println("production serves " + serving.ref() + " (" + serving.state() + ")");
            for (String v : List.of("1.0.0", "1.1.0")) {
                System.out.println("State history of fraud-detector@" + v + ":");
                for (StateChange c : model.version(v).stateHistory()) {
                    System.out.printf("  %s  %-10s -> %-10s by %-10s %s%n", c.at(), c.from(), c.to(), c.actor(),
                            c.reason());
                }
            }
            System.out.println("Pointer history of production:");
            for (PointerMove m : model.pointerHistory("production")) {
                System.out.printf("  %s  %-8s %s -> %s by %s %s%n", m.at(), m.kind(), m.from(), m.to(), m.actor(),
                        m.reason());
            }
            ModelStatus status = model.status();
            System.out.println("Status: pointers " + status.pointers() + ", versions by state "
                    + status.countsByState());
            registry.events().awaitDelivered(Duration.ofSeconds(10));
            System.out.println("Events: " + events.size());
            events.forEach(e -> System.out.println("  " + e.type() + " " + e.target()));
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
