package dev.mvm.search;

import dev.mvm.ModelRegistry;
import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.VersionRef;
import dev.mvm.api.query.Filter;
import dev.mvm.api.query.InMemorySearch;
import dev.mvm.api.query.Page;
import dev.mvm.api.query.SearchRequest;
import dev.mvm.api.query.SearchResult;
import dev.mvm.api.query.SearchScope;
import dev.mvm.api.query.Sort;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.DownloadLink;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.api.spi.SupportsDownloadLinks;
import dev.mvm.embedded.ContentAddressedBlobStore;
import dev.mvm.embedded.LocalDownloadLinks;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Search and retrieval over a {@link ModelRegistry}.
 *
 * <pre>{@code
 * Search search = Search.of(registry);
 * SearchResult r = search.models("bert", "framework = 'pytorch' AND metrics.accuracy >= 0.9",
 *         Sort.desc("metrics.accuracy"), Page.of(1, 20));
 * }</pre>
 *
 * <p>Stores that implement {@link RegistryStore#search} (the embedded SQLite store) search natively; others
 * are searched in memory with the same semantics ({@link InMemorySearch}), which reads every model and suits
 * small registries.
 *
 * @since 0.1
 */
public final class Search {
    /** The expiry of links from stores whose links expire, unless another is given. */
    public static final Duration DEFAULT_LINK_EXPIRY = Duration.ofHours(1);

    private final RegistryStore registryStore;
    private final ArtifactStore artifactStore;
    private final Clock clock;

    private Search(RegistryStore registryStore, ArtifactStore artifactStore, Clock clock) {
        this.registryStore = registryStore;
        this.artifactStore = artifactStore;
        this.clock = clock;
    }

    /**
     * @param registry the registry to search
     * @return its search operations
     */
    public static Search of(ModelRegistry registry) {
        return new Search(registry.registryStore(), registry.artifactStore(), Clock.systemUTC());
    }

    /**
     * @param registryStore the metadata store
     * @param artifactStore the artifact store
     * @param clock the clock for link expiry times
     * @return search operations over the two stores
     */
    public static Search of(RegistryStore registryStore, ArtifactStore artifactStore, Clock clock) {
        return new Search(Objects.requireNonNull(registryStore), Objects.requireNonNull(artifactStore),
                Objects.requireNonNull(clock));
    }

    /**
     * Runs a search request.
     *
     * @param request the search
     * @return the page asked for, with the total count
     * @throws ValidationException if the cursor is malformed or belongs to another search
     */
    public SearchResult search(SearchRequest request) {
        try {
            return registryStore.search(request);
        } catch (UnsupportedOperationException e) {
            return InMemorySearch.search(registryStore, request);
        }
    }

    /**
     * Searches models.
     *
     * @param text free text, possibly empty
     * @param filter filter-language text, possibly empty
     * @param sort the sort key
     * @param page the page
     * @return the page of models, each with its latest and production versions
     * @throws ValidationException with the position of a syntax error in the filter
     */
    public SearchResult models(String text, String filter, Sort sort, Page page) {
        return search(new SearchRequest(SearchScope.MODELS, text, Filter.parse(filter), List.of(sort), page));
    }

    /**
     * Searches versions across models.
     *
     * @param text free text matched against the versions' models, possibly empty
     * @param filter filter-language text, possibly empty
     * @param sort the sort key
     * @param page the page
     * @return the page of versions
     * @throws ValidationException with the position of a syntax error in the filter
     */
    public SearchResult versions(String text, String filter, Sort sort, Page page) {
        return search(new SearchRequest(SearchScope.VERSIONS, text, Filter.parse(filter), List.of(sort), page));
    }

    /**
     * @param name the model name
     * @return the model, its versions and its environment pointers
     * @throws NotFoundException if the model does not exist
     * @throws ValidationException if the name is invalid
     */
    public ModelDetails details(String name) {
        ModelName model = ModelName.of(name);
        var found = registryStore.findModel(model)
                .orElseThrow(() -> new NotFoundException("Model '" + model + "' does not exist in "
                        + registryStore.describe()));
        return new ModelDetails(found, registryStore.listVersions(model), registryStore.listPointers(model));
    }

    /**
     * The metrics of every version of a model, oldest version first, for charts.
     *
     * @param name the model name
     * @return one point per version and metric, by version precedence then metric name
     * @throws NotFoundException if the model does not exist
     */
    public List<MetricPoint> metricHistory(String name) {
        List<MetricPoint> points = new ArrayList<>();
        for (ModelVersion v : registryStore.listVersions(ModelName.of(name))) {
            new TreeMap<>(v.metrics()).forEach((metric, value) ->
                    points.add(new MetricPoint(v.version(), v.createdAt(), metric, value)));
        }
        return points;
    }

    /**
     * @param ref {@code name@version}
     * @return the metrics of that version
     * @throws NotFoundException if the version does not exist
     */
    public Map<String, Double> metrics(String ref) {
        return version(VersionRef.parse(ref)).metrics();
    }

    /**
     * A download link for a version, expiring after {@link #DEFAULT_LINK_EXPIRY} where the store's links expire.
     *
     * @param ref {@code name@version}
     * @return the links
     * @throws NotFoundException if the version does not exist
     * @throws UnsupportedOperationException if the artifact store cannot hand out links
     */
    public DownloadLink downloadLink(String ref) {
        return downloadLink(ref, DEFAULT_LINK_EXPIRY);
    }

    /**
     * A download link for a version. The embedded store returns {@code file:} URIs that do not expire (and
     * ignores {@code expiry}); stores implementing {@link SupportsDownloadLinks} return links that expire.
     *
     * @param ref {@code name@version}
     * @param expiry how long expiring links work
     * @return the links
     * @throws NotFoundException if the version does not exist
     * @throws ValidationException if the version has no files and the store links only files
     * @throws UnsupportedOperationException if the artifact store cannot hand out links
     */
    public DownloadLink downloadLink(String ref, Duration expiry) {
        VersionRef parsed = VersionRef.parse(ref);
        ModelVersion v = version(parsed);
        VersionRef exact = v.ref();
        ArtifactManifest manifest = artifactStore.readManifest(exact.model(), v.version(), v.artifacts().root());
        if (artifactStore instanceof ContentAddressedBlobStore local) {
            return LocalDownloadLinks.of(local, exact, manifest);
        }
        if (artifactStore instanceof SupportsDownloadLinks links) {
            Instant expiresAt = clock.instant().plus(expiry);
            List<DownloadLink.FileLink> files = new ArrayList<>();
            for (ManifestEntry e : manifest.files()) {
                URI uri = links.downloadLink(new FileLocation(exact.model(), v.version(), e.path()), e.sha256(),
                        expiry);
                files.add(new DownloadLink.FileLink(e.path(), uri, e.size(), e.sha256()));
            }
            if (files.isEmpty()) {
                throw new ValidationException("ref", "Version " + exact + " has no files to link");
            }
            return new DownloadLink(exact, files.get(0).uri(), manifest.totalBytes(), manifest.root(), expiresAt,
                    files);
        }
        throw new UnsupportedOperationException(artifactStore.getClass().getName()
                + " cannot hand out download links; download through the registry instead");
    }

    private ModelVersion version(VersionRef ref) {
        return registryStore.findVersion(ref.model(), ref.version())
                .orElseThrow(() -> new NotFoundException("Version " + ref + " does not exist in "
                        + registryStore.describe()));
    }
}
