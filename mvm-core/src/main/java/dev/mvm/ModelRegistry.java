package dev.mvm;

import dev.mvm.api.error.StorageException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.embedded.ContentAddressedBlobStore;
import dev.mvm.embedded.SqliteRegistryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * @since 0.1
 */
public final class ModelRegistry implements AutoCloseable {
    private final RegistryStore registryStore;
    private final ArtifactStore artifactStore;
    private final Clock clock;
    private final String actor;
    private final int maxVersionAttempts;

    private ModelRegistry(Builder b, RegistryStore registryStore, ArtifactStore artifactStore) {
        this.registryStore = registryStore;
        this.artifactStore = artifactStore;
        this.clock = b.clock;
        this.actor = b.actor;
        this.maxVersionAttempts = b.maxVersionAttempts;
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

    /** Closes both stores. */
    @Override
    public void close() {
        try {
            registryStore.close();
        } finally {
            artifactStore.close();
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

        private Builder() {
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
            return new ModelRegistry(this, Objects.requireNonNull(meta), Objects.requireNonNull(files));
        }
    }
}
