package dev.mvm;

import dev.mvm.api.error.StorageException;
import dev.mvm.api.event.RegistryEvent;
import dev.mvm.api.event.RegistryListener;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.embedded.ContentAddressedBlobStore;
import dev.mvm.embedded.SqliteRegistryStore;
import dev.mvm.event.EventDispatcher;
import dev.mvm.lifecycle.LifecyclePolicy;
import dev.mvm.lifecycle.PromotionRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of MVM: one registry of models, their versions and files, over a metadata store and an
 * artifact store. Build it once and share it; it is thread-safe.
 *
 * <pre>{@code
 * try (ModelRegistry registry = ModelRegistry.local(Path.of(".mvm"))) {
 *     registry.models().register("fraud", m -> m.framework("pytorch"));
 *     ModelVersion v = registry.model("fraud").newVersion()
 *             .files(Path.of("out/model")).bump(Bump.MINOR)
 *             .metric("auc", 0.93).register();
 *     registry.model("fraud").version(v.version().toString()).download(Path.of("/srv/models/fraud"));
 * }
 * }</pre>
 *
 * <p>Every operation validates its input first, then calls the stores. Registration is atomic: the files
 * and the manifest are stored first, and the version becomes visible in one metadata commit; a crash or a
 * conflict before that leaves no visible version. Downloads re-hash every byte.
 *
 * <p>Versions move through a lifecycle ({@link LifecyclePolicy}): {@code version(v).publish()},
 * {@code model(m).rollback(..)}, {@code deprecate}, {@code archive}, {@code restore}, with every state change
 * and pointer move kept in a history. Every mutation emits a {@link RegistryEvent} to the listeners
 * registered on the builder, asynchronously: a listener never slows down or fails an operation.
 *
 * @since 0.1
 */
public final class ModelRegistry implements AutoCloseable {
    private final RegistryStore registryStore;
    private final ArtifactStore artifactStore;
    private final Clock clock;
    private final String actor;
    private final int maxVersionAttempts;
    private final LifecyclePolicy lifecyclePolicy;
    private final EventDispatcher events;

    private ModelRegistry(Builder b, RegistryStore registryStore, ArtifactStore artifactStore,
            LifecyclePolicy lifecyclePolicy) {
        this.registryStore = registryStore;
        this.artifactStore = artifactStore;
        this.clock = b.clock;
        this.actor = b.actor;
        this.maxVersionAttempts = b.maxVersionAttempts;
        this.lifecyclePolicy = lifecyclePolicy;
        this.events = new EventDispatcher(b.listeners, b.eventQueueCapacity);
    }

    /**
     * Opens (or creates) the embedded default registry in a directory: metadata in
     * {@code <dir>/registry.db} (SQLite), files in {@code <dir>/artifacts} (content-addressed). Several
     * threads and several processes on one machine may use the same directory at once.
     *
     * @param directory the registry directory; created if missing
     * @return the registry; close it when done
     * @throws StorageException if the directory or database cannot be opened
     */
    public static ModelRegistry local(Path directory) {
        return builder().directory(directory).build();
    }

    /** @return a builder for a registry over chosen stores */
    public static Builder builder() {
        return new Builder();
    }

    /** @return operations on the set of models: register, find, list */
    public Models models() {
        return new Models(this);
    }

    /**
     * Operations on one model. The model is looked up when an operation runs, not here.
     *
     * @param name the model name
     * @return the model's operations
     * @throws dev.mvm.api.error.ValidationException if the name is not a valid model name
     */
    public ModelHandle model(String name) {
        return new ModelHandle(this, ModelName.of(name));
    }

    /** @return the metadata store, for tools that need to reach below the facade */
    public RegistryStore registryStore() {
        return registryStore;
    }

    /** @return the artifact store, for tools that need to reach below the facade */
    public ArtifactStore artifactStore() {
        return artifactStore;
    }

    /** @return the lifecycle policy: transition table, environment states, promotion rules */
    public LifecyclePolicy lifecyclePolicy() {
        return lifecyclePolicy;
    }

    /** @return the event dispatcher, to see dropped deliveries or wait until listeners have caught up */
    public EventDispatcher events() {
        return events;
    }

    /** Delivers queued events to the listeners (waiting at most five seconds), then closes both stores. */
    @Override
    public void close() {
        try {
            events.close();
        } finally {
            try {
                registryStore.close();
            } finally {
                artifactStore.close();
            }
        }
    }

    @Override
    public String toString() {
        return "ModelRegistry[" + registryStore.describe() + ", " + artifactStore.describe() + "]";
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    String actor() {
        return actor;
    }

    int maxVersionAttempts() {
        return maxVersionAttempts;
    }

    void emit(RegistryEvent event) {
        events.emit(event);
    }

    /**
     * Builds a {@link ModelRegistry}. Without explicit stores it opens the embedded default in
     * {@link #directory(Path)}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private @Nullable RegistryStore registryStore;
        private @Nullable ArtifactStore artifactStore;
        private @Nullable Path directory;
        private Clock clock = Clock.systemUTC();
        private String actor = "user:" + System.getProperty("user.name", "local");
        private int maxVersionAttempts = 100;
        private @Nullable LifecyclePolicy lifecyclePolicy;
        private final List<PromotionRule> promotionRules = new ArrayList<>();
        private final List<RegistryListener> listeners = new ArrayList<>();
        private int eventQueueCapacity = EventDispatcher.DEFAULT_QUEUE_CAPACITY;

        private Builder() {
        }

        /**
         * @param policy the transition table, environment states and rules; default
         *     {@link LifecyclePolicy#defaults()}
         * @return this
         */
        public Builder lifecyclePolicy(LifecyclePolicy policy) {
            this.lifecyclePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Adds a promotion rule to the lifecycle policy, checked before a version enters a guarded state
         * ({@code PRODUCTION} by default).
         *
         * @param rule the rule
         * @return this
         */
        public Builder promotionRule(PromotionRule rule) {
            promotionRules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * Adds a listener for every registry event. It runs on a thread of its own with a bounded queue, so
         * it can neither slow down nor fail an operation.
         *
         * @param listener the listener
         * @return this
         */
        public Builder listener(RegistryListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param capacity how many undelivered events each listener may have waiting before new ones are
         *     dropped (and counted); at least 1, default {@value EventDispatcher#DEFAULT_QUEUE_CAPACITY}
         * @return this
         */
        public Builder eventQueueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("eventQueueCapacity must be at least 1, not " + capacity);
            }
            this.eventQueueCapacity = capacity;
            return this;
        }

        /**
         * @param store where metadata lives, e.g. an MLflow server; closed with the registry
         * @return this
         */
        public Builder registryStore(RegistryStore store) {
            this.registryStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param store where files live, e.g. an S3 bucket; closed with the registry
         * @return this
         */
        public Builder artifactStore(ArtifactStore store) {
            this.artifactStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * The directory of the embedded stores, used for whichever store is not given explicitly.
         *
         * @param directory the registry directory; created if missing
         * @return this
         */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * @param clock the time source for timestamps (tests inject a fixed one)
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Who the registry acts as, recorded as owner, creator and in histories.
         *
         * @param actor e.g. {@code user:alice} or {@code service:trainer}; default {@code user:<os user>}
         * @return this
         */
        public Builder actor(String actor) {
            this.actor = dev.mvm.api.model.Limits.shortText("actor", actor);
            if (actor.isBlank()) {
                throw new IllegalArgumentException("actor must not be blank");
            }
            return this;
        }

        /**
         * How often an automatically bumped registration tries the next version number when concurrent
         * writers take the one it chose.
         *
         * @param attempts at least 1; default 100
         * @return this
         */
        public Builder maxVersionAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxVersionAttempts must be at least 1, not " + attempts);
            }
            this.maxVersionAttempts = attempts;
            return this;
        }

        /**
         * @return the registry
         * @throws IllegalStateException if a store is missing and no directory is set
         * @throws StorageException if an embedded store cannot be opened
         */
        public ModelRegistry build() {
            if ((registryStore == null || artifactStore == null) && directory == null) {
                throw new IllegalStateException("Set both registryStore(..) and artifactStore(..), or directory(..)"
                        + " for the embedded default stores");
            }
            LifecyclePolicy base = lifecyclePolicy != null ? lifecyclePolicy : LifecyclePolicy.defaults();
            if (!promotionRules.isEmpty()) {
                LifecyclePolicy.Builder withRules = base.toBuilder();
                promotionRules.forEach(withRules::promotionRule);
                base = withRules.build();
            }
            RegistryStore meta = registryStore;
            ArtifactStore files = artifactStore;
            if (directory != null) {
                try {
                    Files.createDirectories(directory);
                } catch (IOException e) {
                    throw new StorageException("Cannot create registry directory " + directory + ": "
                            + e.getMessage(), e);
                }
                if (meta == null) {
                    meta = SqliteRegistryStore.open(directory.resolve("registry.db"));
                }
                if (files == null) {
                    try {
                        files = ContentAddressedBlobStore.open(directory.resolve("artifacts"));
                    } catch (RuntimeException e) {
                        meta.close();
                        throw e;
                    }
                }
            }
            return new ModelRegistry(this, Objects.requireNonNull(meta), Objects.requireNonNull(files), base);
        }
    }
}
