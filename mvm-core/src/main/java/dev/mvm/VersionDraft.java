package dev.mvm;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.event.VersionCreated;
import dev.mvm.api.model.Bump;
import dev.mvm.api.model.Limits;
import dev.mvm.api.model.Lineage;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.model.VersionRef;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.internal.SourceFile;
import dev.mvm.internal.SourceTree;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A new version being put together; {@link #register()} stores it. Obtained from
 * {@link ModelHandle#newVersion()}.
 *
 * <pre>{@code
 * ModelVersion v = registry.model("fraud").newVersion()
 *         .files(Path.of("out/model"))          // a directory tree, or .file(path) for one file
 *         .bump(Bump.MINOR)                      // or .version("1.1.0")
 *         .metric("auc", 0.93).param("lr", "3e-5")
 *         .parent("1.0.0").runId("run-42")
 *         .register();
 * }</pre>
 *
 * <p>Without {@link #version(String)} or {@link #bump(Bump)} the draft bumps {@link Bump#MINOR}. A bump
 * counts from the highest existing version (from {@code 0.0.0} for the first one), and when several writers
 * register at once each gets its own next number: versions stay unique and gap-free. Registration is atomic:
 * files and manifest are stored first; the version becomes visible in one metadata commit.
 *
 * @since 0.1
 */
public final class VersionDraft {
    private final ModelRegistry registry;
    private final ModelHandle model;
    private @Nullable SemanticVersion explicitVersion;
    private @Nullable Bump bump;
    private @Nullable String preReleaseLabel;
    private final List<SourceFile> files = new ArrayList<>();
    private final Map<ArtifactPath, byte[]> contents = new LinkedHashMap<>();
    private String description = "";
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private @Nullable SemanticVersion parent;
    private final List<VersionRef> dependsOn = new ArrayList<>();
    private @Nullable String runId;
    private @Nullable String dataset;

    VersionDraft(ModelRegistry registry, ModelHandle model) {
        this.registry = registry;
        this.model = model;
    }

    /**
     * @param version an explicit semantic version, e.g. {@code 1.0.0} or {@code 2.0.0-rc.1}
     * @return this
     * @throws ValidationException if it is not SemVer 2.0.0
     */
    public VersionDraft version(String version) {
        this.explicitVersion = SemanticVersion.parse(version);
        return this;
    }

    /**
     * @param bump which part of the highest existing version to increment
     * @return this
     */
    public VersionDraft bump(Bump bump) {
        this.bump = java.util.Objects.requireNonNull(bump, "bump");
        return this;
    }

    /**
     * Bumps to the next pre-release with this label, e.g. {@code beta}: {@code 1.4.2 → 1.4.3-beta.1},
     * {@code 1.4.3-beta.1 → 1.4.3-beta.2}.
     *
     * @param label the pre-release label
     * @return this
     */
    public VersionDraft preRelease(String label) {
        SemanticVersion.of(0, 0, 0).nextPreRelease(label);
        this.bump = Bump.PRERELEASE;
        this.preReleaseLabel = label;
        return this;
    }

    /**
     * Adds one local file under its own file name.
     *
     * @param file a regular file
     * @return this
     */
    public VersionDraft file(Path file) {
        files.add(SourceTree.single(file));
        return this;
    }

    /**
     * Adds one local file under a chosen path.
     *
     * @param path the path inside the version, e.g. {@code weights/model.safetensors}
     * @param file a regular file
     * @return this
     */
    public VersionDraft file(String path, Path file) {
        files.add(SourceTree.single(path, file));
        return this;
    }

    /**
     * Adds every regular file under a directory, with paths relative to it. Symbolic links are followed only
     * if they stay inside the directory.
     *
     * @param directory the model directory
     * @return this
     * @throws ValidationException if a path is not allowed or a link leads out of the directory
     */
    public VersionDraft files(Path directory) {
        files.addAll(SourceTree.scan(directory));
        return this;
    }

    /**
     * Adds a small file from memory, e.g. a generated {@code config.json}.
     *
     * @param path the path inside the version
     * @param content its bytes (copied)
     * @return this
     */
    public VersionDraft content(String path, byte[] content) {
        contents.put(ArtifactPath.of(path), content.clone());
        return this;
    }

    /**
     * @param description free text
     * @return this
     */
    public VersionDraft description(String description) {
        this.description = Limits.text("description", description, Limits.MAX_DESCRIPTION_LENGTH);
        return this;
    }

    /**
     * @param name metric name
     * @param value a finite number
     * @return this
     */
    public VersionDraft metric(String name, double value) {
        metrics.putAll(Limits.metrics("metrics", Map.of(name, value)));
        return this;
    }

    /**
     * @param metrics metrics to add
     * @return this
     */
    public VersionDraft metrics(Map<String, Double> metrics) {
        this.metrics.putAll(Limits.metrics("metrics", metrics));
        return this;
    }

    /**
     * @param name parameter name
     * @param value parameter value
     * @return this
     */
    public VersionDraft param(String name, String value) {
        params.putAll(Limits.params("params", Map.of(name, value)));
        return this;
    }

    /**
     * @param params parameters to add
     * @return this
     */
    public VersionDraft params(Map<String, String> params) {
        this.params.putAll(Limits.params("params", params));
        return this;
    }

    /**
     * @param key tag key
     * @param value tag value
     * @return this
     */
    public VersionDraft tag(String key, String value) {
        tags.putAll(Limits.tags("tags", Map.of(key, value)));
        return this;
    }

    /**
     * @param tags tags to add
     * @return this
     */
    public VersionDraft tags(Map<String, String> tags) {
        this.tags.putAll(Limits.tags("tags", tags));
        return this;
    }

    /**
     * @param version the version of the same model this one derives from; must exist
     * @return this
     */
    public VersionDraft parent(String version) {
        this.parent = SemanticVersion.parse(version);
        return this;
    }

    /**
     * @param ref a version of another model this one needs, as {@code name@version}; must exist
     * @return this
     */
    public VersionDraft dependsOn(String ref) {
        dependsOn.add(VersionRef.parse(ref));
        return this;
    }

    /**
     * @param runId the training run, e.g. an MLflow run id
     * @return this
     */
    public VersionDraft runId(String runId) {
        this.runId = Limits.shortText("runId", runId);
        return this;
    }

    /**
     * @param dataset a dataset reference, e.g. {@code s3://data/fraud/2026-06@sha256:...}
     * @return this
     */
    public VersionDraft dataset(String dataset) {
        this.dataset = dataset;
        return this;
    }

    /**
     * Stores the files, then the version. Nothing is visible until the final metadata commit.
     *
     * @return the registered version
     * @throws NotFoundException if the model is not registered
     * @throws ValidationException if the parent or a dependency does not exist, two files share a path,
     *     or an input is invalid
     * @throws ConflictException if the explicit version exists, or automatic bumping found no free number
     *     within the configured attempts
     * @throws IllegalStateException if both an explicit version and a bump are set
     */
    public ModelVersion register() {
        if (explicitVersion != null && bump != null) {
            throw new IllegalStateException("Set either version(..) or bump(..), not both");
        }
        ModelName name = model.name();
        RegistryStore store = registry.registryStore();
        ArtifactStore artifacts = registry.artifactStore();
        model.info();
        Lineage lineage = checkedLineage(store, name);
        checkDistinctPaths();

        List<ManifestEntry> written = null;
        for (int attempt = 1; ; attempt++) {
            SemanticVersion v = explicitVersion != null ? explicitVersion : nextVersion(store.latestVersion(name));
            if (explicitVersion != null && store.findVersion(name, v).isPresent()) {
                throw new ConflictException("Version " + v + " of model '" + name + "' already exists");
            }
            if (written == null || !artifacts.addressesByContent()) {
                written = writeFiles(artifacts, name, v);
            }
            ArtifactManifest manifest = ArtifactManifest.of(written);
            artifacts.writeManifest(name, v, manifest);
            Instant now = registry.now();
            ModelVersion draft = ModelVersion.builder(name, v)
                    .state(registry.lifecyclePolicy().initial())
                    .description(description)
                    .artifacts(manifest.summary())
                    .metrics(metrics).params(params).tags(tags)
                    .lineage(lineage)
                    .createdBy(registry.actor()).createdAt(now).updatedAt(now)
                    .build();
            try {
                ModelVersion created = store.createVersion(draft);
                registry.emit(new VersionCreated(java.util.UUID.randomUUID(), now, registry.actor(), created));
                return created;
            } catch (ConflictException e) {
                if (explicitVersion != null) {
                    throw e;
                }
                if (attempt >= registry.maxVersionAttempts()) {
                    throw new ConflictException("No free version number for model '" + name + "' after " + attempt
                            + " attempts; too many concurrent registrations", e);
                }
            }
        }
    }

    private SemanticVersion nextVersion(Optional<ModelVersion> latest) {
        SemanticVersion base = latest.map(ModelVersion::version).orElse(SemanticVersion.of(0, 0, 0));
        Bump b = bump != null ? bump : Bump.MINOR;
        if (b == Bump.PRERELEASE && preReleaseLabel != null) {
            return base.nextPreRelease(preReleaseLabel);
        }
        return base.next(b);
    }

    private Lineage checkedLineage(RegistryStore store, ModelName name) {
        if (parent != null && store.findVersion(name, parent).isEmpty()) {
            throw new ValidationException("parent", "Parent version " + parent + " of model '" + name
                    + "' does not exist");
        }
        for (VersionRef ref : dependsOn) {
            if (store.findVersion(ref.model(), ref.version()).isEmpty()) {
                throw new ValidationException("dependsOn", "Dependency " + ref + " does not exist");
            }
        }
        return new Lineage(parent, dependsOn, runId, dataset);
    }

    private void checkDistinctPaths() {
        Set<ArtifactPath> seen = new HashSet<>(contents.keySet());
        for (SourceFile f : files) {
            if (!seen.add(f.path())) {
                throw new ValidationException("files", "Two files would be stored at '" + f.path()
                        + "'; every path in a version must be unique");
            }
        }
        if (seen.size() > ArtifactManifest.MAX_FILES) {
            throw new ValidationException("files", "A version may hold at most " + ArtifactManifest.MAX_FILES
                    + " files, not " + seen.size());
        }
    }

    private List<ManifestEntry> writeFiles(ArtifactStore artifacts, ModelName name, SemanticVersion v) {
        List<ManifestEntry> entries = new ArrayList<>(files.size() + contents.size());
        for (SourceFile f : files) {
            entries.add(artifacts.write(new FileLocation(name, v, f.path()), f.source()));
        }
        for (Map.Entry<ArtifactPath, byte[]> c : contents.entrySet()) {
            entries.add(artifacts.write(new FileLocation(name, v, c.getKey()), new ByteArrayInputStream(c.getValue())));
        }
        return entries;
    }
}
