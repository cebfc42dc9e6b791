package dev.mvm.migrate;

import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.model.ModelName;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a migration, export or import copies, and whom it tells about progress. Immutable; configured through
 * the {@code Consumer<MigrationOptions.Builder>} overloads of {@link RegistryMigration} and
 * {@link RegistryArchive}.
 *
 * @since 0.1
 */
public final class MigrationOptions {
    private static final MigrationOptions DEFAULTS = new Builder().build();

    private final Set<ModelName> models;
    private final boolean grants;
    private final boolean audit;
    private final ProgressListener progress;

    private MigrationOptions(Builder b) {
        this.models = Collections.unmodifiableSet(new LinkedHashSet<>(b.models));
        this.grants = b.grants;
        this.audit = b.audit;
        this.progress = b.progress;
    }

    /** @return everything, without progress reports */
    public static MigrationOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from {@link #defaults()} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the models to copy; empty means all */
    public Set<ModelName> models() {
        return models;
    }

    /**
     * @param name a model
     * @return whether it is copied
     */
    public boolean includes(ModelName name) {
        return models.isEmpty() || models.contains(name);
    }

    /**
     * @param record an audit record
     * @return whether it is copied: every record when all models are, else the records about a copied model
     */
    boolean includes(AuditRecord record) {
        return models.isEmpty() || record.event().modelName()
                .filter(m -> models.stream().anyMatch(n -> n.value().equals(m))).isPresent();
    }

    /** @return whether custom roles and grants are copied */
    public boolean grants() {
        return grants;
    }

    /** @return whether audit records are copied */
    public boolean audit() {
        return audit;
    }

    /** @return the progress listener */
    public ProgressListener progress() {
        return progress;
    }

    /**
     * Configures {@link MigrationOptions}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Set<ModelName> models = new LinkedHashSet<>();
        private boolean grants = true;
        private boolean audit = true;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        /**
         * Restricts the run to a model (call again for more). With a restriction, only the audit records that
         * concern the chosen models are copied, and only the grants scoped to one of them together with the
         * grants they are delegated from (other global and namespace grants are left out).
         *
         * @param name a model name
         * @return this
         * @throws dev.mvm.api.error.ValidationException if the name is invalid
         */
        public Builder model(String name) {
            models.add(ModelName.of(name));
            return this;
        }

        /**
         * @param copy whether to copy custom roles and grants; default true
         * @return this
         */
        public Builder grants(boolean copy) {
            this.grants = copy;
            return this;
        }

        /**
         * @param copy whether to copy audit records; default true
         * @return this
         */
        public Builder audit(boolean copy) {
            this.audit = copy;
            return this;
        }

        /**
         * @param listener told about progress on the running thread; default none
         * @return this
         */
        public Builder progress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** @return the options */
        public MigrationOptions build() {
            return new MigrationOptions(this);
        }
    }
}
