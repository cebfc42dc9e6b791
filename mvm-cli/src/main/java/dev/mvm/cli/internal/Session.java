package dev.mvm.cli.internal;

import dev.mvm.ModelRegistry;
import dev.mvm.access.AccessController;
import dev.mvm.access.SqliteAccessPolicyStore;
import dev.mvm.api.access.Principal;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.embedded.ContentAddressedBlobStore;
import dev.mvm.mlflow.MlflowRegistryStore;
import dev.mvm.s3.S3ArtifactStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The registry one command runs against, opened from the {@link Settings}, with the output and progress of
 * the command. Close it when the command ends.
 */
public final class Session implements AutoCloseable {
    private final Settings settings;
    private final Output output;
    private final Progress progress;
    private final ModelRegistry registry;
    private final ArtifactStore artifactStore;
    private final @Nullable ProgressArtifactStore transfers;
    private final @Nullable AccessController access;
    private final @Nullable SqliteAccessPolicyStore policies;

    private Session(Settings settings, Output output, Progress progress, ModelRegistry registry,
            ArtifactStore artifactStore, @Nullable ProgressArtifactStore transfers, @Nullable AccessController access,
            @Nullable SqliteAccessPolicyStore policies) {
        this.settings = settings;
        this.output = output;
        this.progress = progress;
        this.registry = registry;
        this.artifactStore = artifactStore;
        this.transfers = transfers;
        this.access = access;
        this.policies = policies;
    }

    /**
     * Opens the registry the settings select: metadata in MLflow or the embedded SQLite store, files in S3 or
     * the embedded blob directory; the audit log, grants and kept comparisons always in the registry
     * directory.
     *
     * @param settings where the stores are and who acts
     * @param output where results go
     * @param progress how progress is shown
     * @param withTransferProgress whether file transfers report to {@link #transfer}
     * @param env the environment variables (MLflow credentials are read from them)
     * @return the session
     * @throws UsageException if a store is configured wrongly
     */
    public static Session open(Settings settings, Output output, Progress progress, boolean withTransferProgress,
            Map<String, String> env) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            RegistryStore metadata = null;
            if (settings.mlflowUri() != null) {
                metadata = mlflow(settings.mlflowUri(), env);
                opened.add(metadata);
            }
            AtomicReference<@Nullable ProgressArtifactStore> reporter = new AtomicReference<>();
            ArtifactStore files;
            boolean reportsItself;
            if (settings.s3Uri() != null) {
                files = S3ArtifactStore.builderFromUri(settings.s3Uri())
                        .progress((location, done, total) -> {
                            ProgressArtifactStore p = reporter.get();
                            if (p != null) {
                                p.transferred(location, done);
                            }
                        })
                        .build();
                reportsItself = true;
            } else {
                files = ContentAddressedBlobStore.open(settings.home().resolve("artifacts"));
                reportsItself = false;
            }
            opened.add(files);
            ProgressArtifactStore transfers = null;
            if (withTransferProgress) {
                transfers = new ProgressArtifactStore(files, reportsItself);
                reporter.set(transfers);
            }
            ModelRegistry.Builder builder = ModelRegistry.builder().directory(settings.home())
                    .artifactStore(transfers != null ? transfers : files);
            if (metadata != null) {
                builder.registryStore(metadata);
            }
            if (settings.principal() != null) {
                builder.principal(principal(settings.principal()));
            }
            AccessController access = null;
            SqliteAccessPolicyStore policies = null;
            if (settings.rbac()) {
                policies = SqliteAccessPolicyStore.open(settings.home().resolve("access.db"));
                opened.add(policies);
                access = AccessController.rbac(policies).build();
                builder.accessControl(access);
            }
            ModelRegistry registry = builder.build();
            return new Session(settings, output, progress, registry, files, transfers, access, policies);
        } catch (RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static MlflowRegistryStore mlflow(String uri, Map<String, String> env) {
        try {
            return MlflowRegistryStore.builder().environment(env).trackingUri(uri).build();
        } catch (IllegalStateException e) {
            throw new UsageException("Cannot use the MLflow server " + uri + ": " + e.getMessage());
        }
    }

    /**
     * @param text {@code user:alice}, {@code service:trainer}, or a bare name for a user
     * @return the principal
     * @throws dev.mvm.api.error.ValidationException if it is not a valid principal
     */
    public static Principal principal(String text) {
        return text.indexOf(':') < 0 ? Principal.user(text) : Principal.parse(text);
    }

    /** @return the registry, acting as the selected principal */
    public ModelRegistry registry() {
        return registry;
    }

    /**
     * @return the artifact store itself (not the progress-reporting wrapper), for operations below the facade
     *     such as garbage collection
     */
    public ArtifactStore artifactStore() {
        return artifactStore;
    }

    /** @return the access controller, or {@code null} when access control is off */
    public @Nullable AccessController access() {
        return access;
    }

    /**
     * @param what what the command does, e.g. {@code access commands}
     * @return the access controller
     * @throws UsageException when access control is off
     */
    public AccessController requireAccess(String what) {
        if (access == null) {
            throw new UsageException("Access control is off (the local owner may do everything), so " + what
                    + " have nothing to work on; turn it on with --rbac, " + Settings.ENV_RBAC + "=true or "
                    + Settings.KEY_RBAC + "=true in the config file");
        }
        return access;
    }

    /** @return the store of grants and custom roles, or {@code null} when access control is off */
    public @Nullable SqliteAccessPolicyStore policies() {
        return policies;
    }

    /** @return the settings the session was opened with */
    public Settings settings() {
        return settings;
    }

    /** @return where results go */
    public Output output() {
        return output;
    }

    /** @return how progress is shown */
    public Progress progress() {
        return progress;
    }

    /**
     * Starts a file transfer task that the artifact store reports to.
     *
     * @param label what is transferred
     * @param totalBytes how many bytes, or 0 if unknown
     * @return the task; close it when the transfer ends
     */
    public Progress.Task transfer(String label, long totalBytes) {
        Progress.Task task = progress.start(label, totalBytes, Progress.Unit.BYTES);
        if (transfers != null) {
            transfers.reportTo(task);
        }
        return task;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            if (policies != null) {
                policies.close();
            }
        }
    }
}
