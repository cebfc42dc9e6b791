package dev.mvm.compare;

import dev.mvm.ModelRegistry;
import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.inspect.FileStructure;
import dev.mvm.api.inspect.ModelStructure;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.VersionRef;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.inspect.StructureReader;
import dev.mvm.inspect.internal.LocalModelFiles;
import dev.mvm.inspect.internal.StoredModelFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Compares versions: metrics with their directions, parameters and tags, model structure and files, with a
 * suggested version bump; keeps each {@link Comparison} in a {@link ComparisonStore}, retrievable by id.
 * Structure is read through range reads of headers only, so comparing multi-gigabyte models fetches no
 * weights. Thread-safe.
 *
 * <pre>{@code
 * Comparisons comparisons = Comparisons.of(registry, Path.of(".mvm/comparisons"));
 * Comparison c = comparisons.compare("bert@1.0.0", "bert@1.1.0");
 * Files.writeString(Path.of("report.html"), ReportFormat.HTML.render(c));
 * }</pre>
 *
 * @since 0.1
 */
public final class Comparisons {
    private static final double EQUAL_TOLERANCE = 1e-12;

    private final RegistryStore registryStore;
    private final ArtifactStore artifactStore;
    private final ComparisonStore store;
    private final MetricDirections directions;
    private final StructureReader reader;
    private final Clock clock;

    private Comparisons(Builder b) {
        this.registryStore = b.registryStore;
        this.artifactStore = b.artifactStore;
        this.store = b.store;
        this.directions = b.directions;
        this.reader = b.reader;
        this.clock = b.clock;
    }

    /**
     * Comparisons over a registry's stores, kept in memory.
     *
     * @param registry the registry
     * @return the comparisons
     */
    public static Comparisons of(ModelRegistry registry) {
        return builder(registry.registryStore(), registry.artifactStore()).build();
    }

    /**
     * Comparisons over a registry's stores, kept as JSON files in a directory.
     *
     * @param registry the registry
     * @param directory where comparisons are kept; created if missing
     * @return the comparisons
     */
    public static Comparisons of(ModelRegistry registry, Path directory) {
        return builder(registry.registryStore(), registry.artifactStore())
                .store(DirectoryComparisonStore.open(directory)).build();
    }

    /**
     * @param registryStore where versions are read
     * @param artifactStore where files are read
     * @return a builder
     */
    public static Builder builder(RegistryStore registryStore, ArtifactStore artifactStore) {
        return new Builder(registryStore, artifactStore);
    }

    /**
     * Compares two or more versions on all their metrics (a metric some version lacks is reported as missing
     * for it), and stores the result.
     *
     * @param refs versions as {@code name@version}, baseline first
     * @return the comparison
     * @throws ValidationException if fewer than two distinct references are given or one is malformed
     * @throws NotFoundException if a model or version does not exist
     * @throws IntegrityException if a model file is malformed
     */
    public Comparison compare(String... refs) {
        return compare(Arrays.stream(refs).map(VersionRef::parse).toList(), List.of());
    }

    /**
     * Compares two or more versions on chosen metrics, or on all when {@code metrics} is empty, and stores the
     * result.
     *
     * @param refs versions, baseline first
     * @param metrics metric names to compare; empty for every metric of any version
     * @return the comparison
     * @throws ValidationException if fewer than two distinct versions are given
     * @throws NotFoundException if a model or version does not exist
     * @throws IntegrityException if a model file is malformed
     */
    public Comparison compare(List<VersionRef> refs, List<String> metrics) {
        if (refs.size() < 2 || new HashSet<>(refs).size() != refs.size()) {
            throw new ValidationException("refs", "Compare needs at least two distinct versions, got " + refs);
        }
        List<ModelVersion> versions = refs.stream().map(this::load).toList();
        List<StructureDiffer.Side> sides = new ArrayList<>();
        List<VersionSummary> summaries = new ArrayList<>();
        for (ModelVersion v : versions) {
            ArtifactManifest manifest = artifactStore.readManifest(v.model(), v.version(), v.artifacts().root());
            ModelStructure structure = reader.read(new StoredModelFiles(artifactStore, v.ref(), manifest));
            sides.add(new StructureDiffer.Side(manifest.files(), structure));
            summaries.add(new VersionSummary(v.ref().toString(), v.state().name(), v.artifacts().root().hex(),
                    v.artifacts().fileCount(), v.artifacts().totalBytes(), structure.parameterCount(),
                    structure.tensorCount(), structure.files().stream().map(FileStructure::format).distinct()
                            .sorted().collect(Collectors.joining(", "))));
        }
        List<VersionDiff> diffs = new ArrayList<>();
        for (int i = 1; i < versions.size(); i++) {
            ModelVersion a = versions.get(0);
            ModelVersion b = versions.get(i);
            StructureDiff structure = StructureDiffer.diff(sides.get(0), sides.get(i));
            boolean metadataChanged = !a.metrics().equals(b.metrics()) || !a.params().equals(b.params())
                    || !a.tags().equals(b.tags()) || !a.description().equals(b.description());
            diffs.add(new VersionDiff(a.ref().toString(), b.ref().toString(),
                    StructureDiffer.diffMaps(a.params(), b.params()), StructureDiffer.diffMaps(a.tags(), b.tags()),
                    structure, StructureDiffer.suggest(structure, sides.get(0), sides.get(i), metadataChanged)));
        }
        List<MetricEvolution> evolution = new ArrayList<>();
        for (ModelName model : new LinkedHashSet<>(versions.stream().map(ModelVersion::model).toList())) {
            evolution.add(evolution(model, registryStore.listVersions(model), metrics));
        }
        Comparison draft = new Comparison("0".repeat(32), now(), summaries, metricRows(versions, metrics), diffs,
                evolution);
        Comparison c = new Comparison(ComparisonJson.contentId(draft), draft.createdAt(), summaries, draft.metrics(),
                diffs, evolution);
        store.save(c);
        return c;
    }

    /**
     * Every metric of a model across all its versions, in version order.
     *
     * @param model the model name
     * @return the series, one per metric
     * @throws NotFoundException if the model does not exist
     */
    public MetricEvolution evolution(String model) {
        ModelName name = ModelName.of(model);
        return evolution(name, registryStore.listVersions(name), List.of());
    }

    /**
     * Suggests the bump for registering a local model directory as the next version after {@code baseRef},
     * for {@code newVersion().bump(..)}. Files are compared by digest (the directory is hashed once) and
     * structure through headers.
     *
     * @param baseRef the version the directory would follow, as {@code name@version}
     * @param directory the candidate model files
     * @return the suggestion
     * @throws NotFoundException if the base version does not exist
     */
    public BumpSuggestion suggestBump(String baseRef, Path directory) {
        ModelVersion base = load(VersionRef.parse(baseRef));
        ArtifactManifest manifest = artifactStore.readManifest(base.model(), base.version(), base.artifacts().root());
        StructureDiffer.Side older = new StructureDiffer.Side(manifest.files(),
                reader.read(new StoredModelFiles(artifactStore, base.ref(), manifest)));
        LocalModelFiles local = LocalModelFiles.scan(directory);
        StructureDiffer.Side newer = new StructureDiffer.Side(local.files(), reader.read(local));
        return StructureDiffer.suggest(StructureDiffer.diff(older, newer), older, newer, false);
    }

    /**
     * @param id a comparison id
     * @return the stored comparison, if any
     * @throws ValidationException if the id is malformed
     */
    public Optional<Comparison> find(String id) {
        return store.find(id);
    }

    /**
     * @param id a comparison id
     * @return the stored comparison
     * @throws NotFoundException if none is stored under that id
     */
    public Comparison get(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("No comparison with id " + id + " in " + store));
    }

    private ModelVersion load(VersionRef ref) {
        if (registryStore.findModel(ref.model()).isEmpty()) {
            throw new NotFoundException("Model '" + ref.model() + "' is not registered");
        }
        return registryStore.findVersion(ref.model(), ref.version()).orElseThrow(() -> new NotFoundException(
                "Version " + ref.version() + " of model '" + ref.model() + "' does not exist"));
    }

    private List<MetricRow> metricRows(List<ModelVersion> versions, List<String> chosen) {
        Set<String> names = new TreeSet<>(chosen);
        if (chosen.isEmpty()) {
            versions.forEach(v -> names.addAll(v.metrics().keySet()));
        }
        List<MetricRow> rows = new ArrayList<>(names.size());
        for (String name : names) {
            MetricDirection direction = directions.of(name);
            List<@Nullable Double> values = new ArrayList<>();
            versions.forEach(v -> values.add(v.metrics().get(name)));
            List<@Nullable Double> abs = new ArrayList<>();
            List<@Nullable Double> rel = new ArrayList<>();
            List<Verdict> verdicts = new ArrayList<>();
            Double base = values.get(0);
            for (int i = 0; i < values.size(); i++) {
                Double v = values.get(i);
                if (v == null || base == null) {
                    abs.add(null);
                    rel.add(null);
                    verdicts.add(i == 0 && v != null ? Verdict.BASELINE : Verdict.MISSING);
                    continue;
                }
                double d = v - base;
                abs.add(d);
                rel.add(base == 0.0 ? null : d / Math.abs(base));
                verdicts.add(i == 0 ? Verdict.BASELINE : verdict(direction, d, base));
            }
            rows.add(new MetricRow(name, direction, values, abs, rel, verdicts, best(direction, values)));
        }
        return rows;
    }

    private static Verdict verdict(MetricDirection direction, double d, double base) {
        if (Math.abs(d) <= EQUAL_TOLERANCE * Math.max(1.0, Math.abs(base))) {
            return Verdict.EQUAL;
        }
        return switch (direction) {
            case HIGHER_IS_BETTER -> d > 0 ? Verdict.BETTER : Verdict.WORSE;
            case LOWER_IS_BETTER -> d < 0 ? Verdict.BETTER : Verdict.WORSE;
            case UNKNOWN -> Verdict.CHANGED;
        };
    }

    private static int best(MetricDirection direction, List<@Nullable Double> values) {
        if (direction == MetricDirection.UNKNOWN) {
            return -1;
        }
        int best = -1;
        int present = 0;
        Set<Double> distinct = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null) {
                continue;
            }
            present++;
            distinct.add(v);
            Double current = best < 0 ? null : values.get(best);
            if (current == null || (direction == MetricDirection.HIGHER_IS_BETTER ? v > current : v < current)) {
                best = i;
            }
        }
        return present < 2 || distinct.size() < 2 ? -1 : best;
    }

    private MetricEvolution evolution(ModelName model, List<ModelVersion> all, List<String> chosen) {
        Set<String> names = new TreeSet<>(chosen);
        if (chosen.isEmpty()) {
            all.forEach(v -> names.addAll(v.metrics().keySet()));
        }
        List<MetricEvolution.Series> series = new ArrayList<>();
        for (String name : names) {
            List<@Nullable Double> values = new ArrayList<>();
            all.forEach(v -> values.add(v.metrics().get(name)));
            series.add(new MetricEvolution.Series(name, directions.of(name), values));
        }
        return new MetricEvolution(model.value(), all.stream().map(v -> v.version().toString()).toList(), series);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Builds {@link Comparisons}.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final RegistryStore registryStore;
        private final ArtifactStore artifactStore;
        private ComparisonStore store = ComparisonStore.inMemory();
        private MetricDirections directions = MetricDirections.defaults();
        private StructureReader reader = StructureReader.loadDefault();
        private Clock clock = Clock.systemUTC();

        private Builder(RegistryStore registryStore, ArtifactStore artifactStore) {
            this.registryStore = Objects.requireNonNull(registryStore, "registryStore");
            this.artifactStore = Objects.requireNonNull(artifactStore, "artifactStore");
        }

        /** @param store where comparisons are kept; default in memory @return this */
        public Builder store(ComparisonStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** @param directions how metric directions are decided @return this */
        public Builder directions(MetricDirections directions) {
            this.directions = Objects.requireNonNull(directions, "directions");
            return this;
        }

        /**
         * @param metric an exact metric name
         * @param direction its direction, overriding the name-based default
         * @return this
         */
        public Builder direction(String metric, MetricDirection direction) {
            this.directions = directions.with(metric, direction);
            return this;
        }

        /** @param reader the structure reader; default {@link StructureReader#loadDefault()} @return this */
        public Builder structureReader(StructureReader reader) {
            this.reader = Objects.requireNonNull(reader, "reader");
            return this;
        }

        /** @param clock the time source for {@link Comparison#createdAt()} @return this */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return the comparisons */
        public Comparisons build() {
            return new Comparisons(this);
        }
    }
}
