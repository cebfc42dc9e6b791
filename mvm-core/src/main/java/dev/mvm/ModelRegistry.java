package dev.mvm;

import dev.mvm.access.AccessController;
import dev.mvm.access.AuditTarget;
import dev.mvm.access.AuditedAccess;
import dev.mvm.access.Operation;
import dev.mvm.api.access.Principal;
import dev.mvm.api.audit.AuditLog;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.event.RegistryEvent;
import dev.mvm.api.event.RegistryListener;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.embedded.ContentAddressedBlobStore;
import dev.mvm.audit.SqliteAuditLog;
import dev.mvm.compare.Comparison;
import dev.mvm.compare.ComparisonStore;
import dev.mvm.compare.Comparisons;
import dev.mvm.compare.DirectoryComparisonStore;
import dev.mvm.api.model.VersionRef;
import dev.mvm.api.query.Filter;
import dev.mvm.api.query.Page;
import dev.mvm.api.query.SearchRequest;
import dev.mvm.api.query.SearchResult;
import dev.mvm.api.query.SearchScope;
import dev.mvm.api.query.Sort;
import dev.mvm.api.spi.DownloadLink;
import dev.mvm.search.MetricPoint;
import dev.mvm.search.ModelDetails;
import dev.mvm.search.Search;
import dev.mvm.embedded.SqliteRegistryStore;
import dev.mvm.event.EventDispatcher;
import dev.mvm.lifecycle.LifecyclePolicy;
import dev.mvm.lifecycle.PromotionRule;
import dev.mvm.gc.GarbageCollector;
import dev.mvm.retention.Retention;
import dev.mvm.retention.RetentionPolicy;
import dev.mvm.api.access.AccessPolicyStore;
import java.util.Optional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
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
 * <p>Every operation runs the same pipeline: validate the input, check the acting principal's permission
 * ({@link AccessController}), call the stores, append an audit record, emit the event. The embedded default
 * acts for the local owner with all rights and audits to {@code <dir>/audit.db}; a service that embeds MVM
 * for many users builds it with {@code accessControl(AccessController.rbac(...))} and calls
 * {@link #as(Principal)} per request, so that nothing is allowed without a grant and every denial is
 * audited too.
 *
 * @since 0.1
 */
public final class ModelRegistry implements AutoCloseable {
    /** Depth of guarded calls on this thread: only the outermost operation is checked and audited. */
    private static final ThreadLocal<int[]> GUARD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final RegistryStore registryStore;
    private final ArtifactStore artifactStore;
    private final Clock clock;
    private final Principal principal;
    private final int maxVersionAttempts;
    private final LifecyclePolicy lifecyclePolicy;
    private final EventDispatcher events;
    private final AuditedAccess audited;
    private final @Nullable AuditLog ownedAuditLog;
    private final boolean root;
    private final Comparisons comparisons;
    private final @Nullable RetentionPolicy retentionPolicy;

    private ModelRegistry(Builder b, RegistryStore registryStore, ArtifactStore artifactStore,
            LifecyclePolicy lifecyclePolicy, AccessController access, @Nullable AuditLog auditLog,
            boolean ownsAuditLog) {
        this.registryStore = registryStore;
        this.artifactStore = artifactStore;
        this.clock = b.clock;
        this.principal = b.principal;
        this.maxVersionAttempts = b.maxVersionAttempts;
        this.lifecyclePolicy = lifecyclePolicy;
        this.events = new EventDispatcher(b.listeners, b.eventQueueCapacity);
        this.audited = new AuditedAccess(access, auditLog, b.clock);
        this.ownedAuditLog = ownsAuditLog ? auditLog : null;
        this.root = true;
        this.retentionPolicy = b.retentionPolicy;
        this.comparisons = Comparisons.builder(registryStore, artifactStore).clock(b.clock)
                .store(b.directory != null ? DirectoryComparisonStore.open(b.directory.resolve("comparisons"))
                        : ComparisonStore.inMemory())
                .build();
    }

    private ModelRegistry(ModelRegistry shared, Principal principal) {
        this.registryStore = shared.registryStore;
        this.artifactStore = shared.artifactStore;
        this.clock = shared.clock;
        this.principal = principal;
        this.maxVersionAttempts = shared.maxVersionAttempts;
        this.lifecyclePolicy = shared.lifecyclePolicy;
        this.events = shared.events;
        this.audited = shared.audited;
        this.ownedAuditLog = null;
        this.root = false;
        this.comparisons = shared.comparisons;
        this.retentionPolicy = shared.retentionPolicy;
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

    /**
     * A view of this registry that acts as another principal: every operation through it is checked
     * against that principal's grants and audited under its name. The view shares the stores; closing it
     * does nothing.
     *
     * @param principal a user or service account
     * @return the view
     * @throws dev.mvm.api.error.ValidationException if the principal is a group (groups hold grants, they do
     *     not act)
     */
    public ModelRegistry as(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        if (principal.kind() == Principal.Kind.GROUP) {
            throw new dev.mvm.api.error.ValidationException("principal", "A group cannot act: " + principal
                    + "; act as a user or service account that belongs to it");
        }
        return new ModelRegistry(this, principal);
    }

    /** @return the principal this registry (or view) acts as */
    public Principal principal() {
        return principal;
    }

    /** @return grants and roles, administered through the same checks and audit trail */
    public AccessAdministration access() {
        return new AccessAdministration(this);
    }

    /** @return queries, export and verification of the audit trail */
    public AuditTrail audit() {
        return new AuditTrail(this);
    }

    /**
     * Compares versions, baseline first: metrics (with each metric's direction), parameters and tags, and
     * model structure read from file headers; kept by its id in {@link #comparison(String)}. Needs
     * {@code READ} on every model compared.
     *
     * @param refs two or more versions as {@code name@version}, of one model or of several
     * @return the comparison
     * @throws dev.mvm.api.error.NotFoundException if a version does not exist
     * @throws dev.mvm.api.error.AccessDeniedException if a model may not be read
     */
    public Comparison compare(String... refs) {
        List<VersionRef> parsed = java.util.Arrays.stream(refs).map(VersionRef::parse).toList();
        AuditTarget target = parsed.isEmpty() ? AuditTarget.scope(dev.mvm.api.access.Scope.global())
                : AuditTarget.version(parsed.get(0).model(), parsed.get(0).version());
        return guarded(Operation.VERSION_READ, target, () -> {
            for (VersionRef ref : parsed) {
                audited.access().check(principal, dev.mvm.api.access.Permission.READ, ref.model());
            }
            return comparisons.compare(refs);
        });
    }

    /**
     * A comparison made earlier, by its id.
     *
     * @param id the id of {@link Comparison#id()}
     * @return the comparison
     * @throws dev.mvm.api.error.NotFoundException if none has that id
     */
    public Comparison comparison(String id) {
        return guarded(Operation.VERSION_READ, AuditTarget.scope(dev.mvm.api.access.Scope.global()), () -> {
            Comparison c = comparisons.get(id);
            for (var v : c.versions()) {
                audited.access().check(principal, dev.mvm.api.access.Permission.READ, VersionRef.parse(v.ref()).model());
            }
            return c;
        });
    }

    /**
     * Searches models or versions: free text (typo-tolerant), a filter, sorts and a page. Under RBAC a
     * search spans the whole registry, so it needs {@code READ} at global scope; principals with narrower
     * grants list models with {@link Models#list} (which shows only what they may read).
     *
     * @param request scope, text, filter, sorts and page
     * @return one page of hits with the total count and a cursor for the next page
     * @throws dev.mvm.api.error.AccessDeniedException without global {@code READ}
     */
    public SearchResult search(SearchRequest request) {
        return guarded(Operation.SEARCH, AuditTarget.scope(dev.mvm.api.access.Scope.global()),
                () -> searcher().search(request));
    }

    /**
     * Searches models, e.g.
     * {@code search("bert", Filter.parse("framework = 'pytorch' AND metrics.accuracy > 0.9"),
     * Sort.desc("metrics.accuracy"), Page.of(1, 20))}.
     *
     * @param text free text matched against name, description, tags and metadata; empty for none
     * @param filter the filter
     * @param sort the order
     * @param page which page
     * @return one page of hits
     */
    public SearchResult search(String text, Filter filter, Sort sort, Page page) {
        return search(SearchRequest.builder(SearchScope.MODELS).text(text).filter(filter).sort(sort).page(page).build());
    }

    /**
     * @param name a model
     * @return the model with its versions, environment pointers and status
     * @throws dev.mvm.api.error.NotFoundException if it is not registered
     */
    public ModelDetails details(String name) {
        ModelName model = ModelName.of(name);
        return guarded(Operation.MODEL_READ, AuditTarget.model(model), () -> searcher().details(name));
    }

    /**
     * @param name a model
     * @return every metric of every version, in version order, for charts
     */
    public List<MetricPoint> metricHistory(String name) {
        ModelName model = ModelName.of(name);
        return guarded(Operation.MODEL_READ, AuditTarget.model(model), () -> searcher().metricHistory(name));
    }

    /**
     * A link to download a version's files: presigned and expiring where the artifact store supports it,
     * otherwise {@code file:} links that do not expire.
     *
     * @param ref the version as {@code name@version}
     * @param expiry how long the link is valid, where links expire
     * @return the link with size and root digest
     */
    public DownloadLink downloadLink(String ref, java.time.Duration expiry) {
        VersionRef v = VersionRef.parse(ref);
        return guarded(Operation.VERSION_DOWNLOAD, AuditTarget.version(v.model(), v.version()).with("link", "true"),
                () -> searcher().downloadLink(ref, expiry));
    }

    private Search searcher() {
        return Search.of(registryStore, artifactStore, clock);
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

    /**
     * @return the metadata store, for tools that need to reach below the facade; calls on it bypass access
     *     control and the audit log, so never hand it to code acting for a user
     */
    public RegistryStore registryStore() {
        return registryStore;
    }

    /**
     * @return the artifact store, for tools that need to reach below the facade; calls on it bypass access
     *     control and the audit log, so never hand it to code acting for a user
     */
    public ArtifactStore artifactStore() {
        return artifactStore;
    }

    /**
     * @return the audit log below the facade, if the registry keeps one, for operator tools (migration,
     *     backup); appending to it directly bypasses access control, so never hand it to code acting for a user
     * @since 0.1
     */
    public Optional<AuditLog> auditLog() {
        return audited.audit();
    }

    /**
     * @return the store of grants and custom roles below the facade, if the registry enforces RBAC, for
     *     operator tools (migration); calls on it bypass the delegation rules and the audit log
     * @since 0.1
     */
    public Optional<AccessPolicyStore> accessPolicyStore() {
        return audited.access().policyStore();
    }

    /** @return the clock the registry takes timestamps from */
    public Clock clock() {
        return clock;
    }

    /**
     * Retention with the policy declared on the builder ({@link Builder#retentionPolicy(RetentionPolicy)}).
     *
     * @return the runner: {@code plan()} is the dry run, {@code apply()} archives or deletes
     * @throws IllegalStateException if no policy was declared; use {@link #retention(RetentionPolicy)}
     * @throws dev.mvm.api.error.AccessDeniedException under RBAC without {@code READ} at global scope (a plan
     *     reads every model)
     */
    public Retention retention() {
        requireGlobalRead();
        if (retentionPolicy == null) {
            throw new IllegalStateException("No retention policy was declared on the builder;"
                    + " declare one with retentionPolicy(..) or pass one to retention(policy)");
        }
        return Retention.of(this, retentionPolicy);
    }

    /**
     * Retention with a policy given now, on demand. Removals act as this registry's principal.
     *
     * @param policy the policy
     * @return the runner: {@code plan()} is the dry run, {@code apply()} archives or deletes
     * @throws dev.mvm.api.error.AccessDeniedException under RBAC without {@code READ} at global scope (a plan
     *     reads every model)
     */
    public Retention retention(RetentionPolicy policy) {
        requireGlobalRead();
        return Retention.of(this, policy);
    }

    private void requireGlobalRead() {
        audited.access().check(principal, dev.mvm.api.access.Permission.READ, dev.mvm.api.access.Scope.global());
    }

    /** @return the retention policy declared on the builder, if any */
    public Optional<RetentionPolicy> retentionPolicy() {
        return Optional.ofNullable(retentionPolicy);
    }

    /**
     * Garbage collection of the artifact store's unreferenced blobs, with
     * {@link GarbageCollector#DEFAULT_GRACE_PERIOD}.
     *
     * @return the collection: {@code dryRun()} reports, {@code collect()} deletes
     * @throws UnsupportedOperationException if the artifact store cannot be collected (not content-addressed)
     */
    public GarbageCollection garbageCollection() {
        return garbageCollection(GarbageCollector.DEFAULT_GRACE_PERIOD);
    }

    /**
     * Garbage collection of the artifact store's unreferenced blobs. Blobs written or refreshed within the
     * grace period are spared, so a registration in progress (in this process or another) is never collected
     * as long as it takes less than the grace period.
     *
     * @param gracePeriod how long an unreferenced blob is kept after it was last written; at least 0
     * @return the collection: {@code dryRun()} reports, {@code collect()} deletes
     * @throws UnsupportedOperationException if the artifact store cannot be collected (not content-addressed)
     * @throws IllegalArgumentException if the grace period is negative
     */
    public GarbageCollection garbageCollection(java.time.Duration gracePeriod) {
        if (!(artifactStore instanceof dev.mvm.api.spi.SupportsGarbageCollection)) {
            throw new UnsupportedOperationException("The artifact store " + artifactStore.describe()
                    + " does not support garbage collection; only content-addressed stores can be collected");
        }
        return new GarbageCollection(this, GarbageCollector.forStore(artifactStore).clock(clock)
                .gracePeriod(gracePeriod).build());
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
    /** Closes the stores and the audit log it opened; on a view from {@link #as(Principal)} does nothing. */
    @Override
    public void close() {
        if (!root) {
            return;
        }
        try {
            events.close();
        } finally {
            try {
                registryStore.close();
            } finally {
                try {
                    artifactStore.close();
                } finally {
                    if (ownedAuditLog != null) {
                        ownedAuditLog.close();
                    }
                }
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
        return principal.toString();
    }

    AuditedAccess audited() {
        return audited;
    }

    /**
     * Runs one facade operation through the permission check and the audit log. Operations called from
     * inside another (e.g. a read inside a delete) are covered by the outer one and run unchecked.
     */
    <T> T guarded(Operation op, AuditTarget target, Supplier<T> work) {
        return guarded(op, target, work, (t, r) -> t);
    }

    <T> T guarded(Operation op, AuditTarget target, Supplier<T> work,
            java.util.function.BiFunction<AuditTarget, ? super T, AuditTarget> refine) {
        int[] depth = GUARD_DEPTH.get();
        if (depth[0] > 0) {
            return work.get();
        }
        depth[0]++;
        try {
            return audited.call(principal, null, op, target, work, refine);
        } finally {
            depth[0]--;
        }
    }

    void guardedRun(Operation op, AuditTarget target, Runnable work) {
        guarded(op, target, () -> {
            work.run();
            return Boolean.TRUE;
        });
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
        private Principal principal = defaultPrincipal();
        private @Nullable AccessController accessControl;
        private @Nullable AuditLog auditLog;
        private boolean auditDisabled;
        private int maxVersionAttempts = 100;
        private @Nullable LifecyclePolicy lifecyclePolicy;
        private final List<PromotionRule> promotionRules = new ArrayList<>();
        private final List<RegistryListener> listeners = new ArrayList<>();
        private int eventQueueCapacity = EventDispatcher.DEFAULT_QUEUE_CAPACITY;
        private @Nullable RetentionPolicy retentionPolicy;

        private Builder() {
        }

        /**
         * Declares the registry's retention policy, run on demand with {@code registry.retention().apply()}
         * (e.g. from a scheduled job or the {@code mvm retention} command).
         *
         * @param policy the policy
         * @return this
         */
        public Builder retentionPolicy(RetentionPolicy policy) {
            this.retentionPolicy = Objects.requireNonNull(policy, "policy");
            return this;
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
            return principal(Principal.parse(actor));
        }

        /**
         * The principal the registry acts as by default (views from {@link ModelRegistry#as(Principal)} act
         * as others).
         *
         * @param principal a user or service account; default {@code user:<os user>}
         * @return this
         */
        public Builder principal(Principal principal) {
            if (principal.kind() == Principal.Kind.GROUP) {
                throw new IllegalArgumentException("A group cannot act: " + principal);
            }
            this.principal = principal;
            return this;
        }

        /**
         * Who may do what. The default, {@link AccessController#localOwner()}, allows everything (still
         * audited); {@code AccessController.rbac(store).build()} allows nothing without a grant.
         *
         * @param access the access controller
         * @return this
         */
        public Builder accessControl(AccessController access) {
            this.accessControl = Objects.requireNonNull(access, "access");
            return this;
        }

        /**
         * Where audit records go; closed with the registry. Without one, a registry with a
         * {@link #directory(Path)} audits to {@code <dir>/audit.db}, and one without a directory keeps no
         * audit trail.
         *
         * @param log the audit log
         * @return this
         */
        public Builder auditLog(AuditLog log) {
            this.auditLog = Objects.requireNonNull(log, "log");
            this.auditDisabled = false;
            return this;
        }

        /**
         * Keeps no audit trail, even with a directory.
         *
         * @return this
         */
        public Builder withoutAuditLog() {
            this.auditLog = null;
            this.auditDisabled = true;
            return this;
        }

        private static Principal defaultPrincipal() {
            try {
                return Principal.user(System.getProperty("user.name", "local"));
            } catch (RuntimeException e) {
                return Principal.user("local");
            }
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
            AuditLog audit = auditLog;
            boolean ownsAudit = false;
            if (audit == null && directory != null && !auditDisabled) {
                try {
                    audit = SqliteAuditLog.open(directory.resolve("audit.db"));
                    ownsAudit = true;
                } catch (RuntimeException e) {
                    meta.close();
                    files.close();
                    throw e;
                }
            }
            AccessController access = accessControl != null ? accessControl : AccessController.localOwner();
            return new ModelRegistry(this, Objects.requireNonNull(meta), Objects.requireNonNull(files), base, access,
                    audit, ownsAudit || (audit != null && auditLog != null));
        }
    }
}
