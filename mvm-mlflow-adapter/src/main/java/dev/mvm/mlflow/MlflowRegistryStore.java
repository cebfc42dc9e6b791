package dev.mvm.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.ModelListing;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.api.spi.SupportsEnvironmentListing;
import dev.mvm.api.query.InMemorySearch;
import dev.mvm.api.query.SearchHit;
import dev.mvm.api.query.SearchRequest;
import dev.mvm.api.query.SearchResult;
import dev.mvm.api.query.SearchScope;
import dev.mvm.mlflow.internal.FilterPushDown;
import dev.mvm.mlflow.internal.KnownVersions;
import dev.mvm.mlflow.internal.KnownVersions.Known;
import dev.mvm.mlflow.internal.MlflowRestClient;
import dev.mvm.mlflow.internal.RegistryCodec;
import dev.mvm.mlflow.internal.RegistryCodec.RecordedMove;
import dev.mvm.mlflow.internal.StoredVersion;
import dev.mvm.mlflow.internal.TransportFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RegistryStore} on an MLflow tracking server's Model Registry (REST API 2.0), so a team can keep
 * MLflow as its registry of record. A model is a registered model, a version is an MLflow model version
 * whose semantic version, state, metrics, parameters and lineage live in {@code mvm.}-prefixed tags,
 * environment pointers are MLflow aliases, and state and pointer histories are kept in tags so that any
 * client sees them. The module README describes the mapping, the concurrency protocol and its limits.
 *
 * <pre>{@code
 * RegistryStore store = MlflowRegistryStore.fromEnvironment();          // MLFLOW_TRACKING_URI, ...
 * RegistryStore other = MlflowRegistryStore.builder()
 *     .trackingUri("https://mlflow.example.com")
 *     .bearerToken(System.getenv("MLFLOW_TRACKING_TOKEN"))
 *     .requestTimeout(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe. Writes to one model from one store instance are serialised; across processes a version
 * create is exactly-once by protocol, while revision checks on updates have a small window (see README).
 *
 * @since 0.1
 */
public final class MlflowRegistryStore implements RegistryStore, SupportsEnvironmentListing {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowRegistryStore.class);
    private static final int LOCK_STRIPES = 64;
    private static final Pattern NAME_CHARACTERS = Pattern.compile("[a-z0-9._/-]*");
    private static final Pattern RESERVED_ALIAS = Pattern.compile("latest|v\\d+");

    private final MlflowRestClient rest;
    private final RegistryCodec codec;
    private final Function<ModelVersion, String> source;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final KnownVersions known = new KnownVersions();
    private volatile boolean closed;

    private MlflowRegistryStore(MlflowRestClient rest, Function<ModelVersion, String> source) {
        this.rest = rest;
        this.codec = new RegistryCodec(rest.json());
        this.source = source;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * Grants on this server's registered models through MLflow's basic-auth app, with this store's
     * connection and credentials.
     *
     * @return the permissions API
     * @since 0.1
     */
    public MlflowPermissions permissions() {
        return new MlflowPermissions(rest);
    }

    /**
     * Builds a store from the variables MLflow users already set: {@code MLFLOW_TRACKING_URI},
     * {@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD} or {@code MLFLOW_TRACKING_TOKEN},
     * {@code MLFLOW_TRACKING_INSECURE_TLS}, {@code MLFLOW_TRACKING_SERVER_CERT_PATH},
     * {@code MLFLOW_HTTP_REQUEST_TIMEOUT}, {@code MLFLOW_HTTP_REQUEST_MAX_RETRIES} and
     * {@code MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR}.
     *
     * @return the store
     * @throws IllegalStateException if {@code MLFLOW_TRACKING_URI} is missing or a variable is malformed
     */
    public static MlflowRegistryStore fromEnvironment() {
        return builder().environment(System.getenv()).build();
    }

    /** @return a builder with no tracking URI and the defaults described on its setters */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "mlflow:" + rest.server();
    }

    /** @return the HTTP requests sent so far, retries included (for tests and benchmarks) */
    public int requestCount() {
        return rest.requestCount();
    }

    // ------------------------------------------------------------------ models

    @Override
    public Model createModel(Model model) {
        ensureOpen();
        String name = RegistryCodec.mlflowName(model.name());
        String token = UUID.randomUUID().toString();
        Map<String, String> tags = new LinkedHashMap<>(codec.modelTags(model, 1));
        tags.put(RegistryCodec.CREATE_TOKEN, token);
        ObjectNode body = rest.body();
        body.put("name", name);
        body.put("description", model.description());
        body.set("tags", codec.tagList(tags));
        try {
            rest.post("registered-models/create", body, true);
        } catch (ConflictException e) {
            // A retried create whose first attempt went through finds its own token.
            boolean ours = registeredModel(model.name())
                    .map(rm -> token.equals(RegistryCodec.tags(rm).get(RegistryCodec.CREATE_TOKEN)))
                    .orElse(false);
            if (!ours) {
                throw new ConflictException("Model '" + model.name() + "' already exists in MLflow at "
                        + rest.server() + " (registered model '" + name + "'); pick another name or update it", e);
            }
        }
        return model.toBuilder().revision(1).build();
    }

    @Override
    public Optional<Model> findModel(ModelName name) {
        ensureOpen();
        return locked(name, () -> registeredModel(name).flatMap(codec::model));
    }

    @Override
    public Model updateModel(Model model) {
        ensureOpen();
        return locked(model.name(), () -> {
            JsonNode rm = requireModel(model.name());
            Model current = codec.model(rm).orElseThrow();
            checkRevision("Model '" + model.name() + "'", model.revision(), current.revision());
            Model next = model.toBuilder().revision(current.revision() + 1).build();
            next = new Model(current.id(), current.name(), next.description(), next.framework(), next.task(),
                    next.metadata(), next.tags(), next.owner(), current.createdAt(), next.updatedAt(),
                    next.revision());
            String name = RegistryCodec.mlflowName(model.name());
            if (!next.description().equals(current.description())) {
                ObjectNode body = rest.body();
                body.put("name", name);
                body.put("description", next.description());
                rest.patch("registered-models/update", body);
            }
            applyTags("registered-models", name, null, RegistryCodec.tags(rm), codec.modelTags(next, next.revision()));
            return next;
        });
    }

    @Override
    public void deleteModel(ModelName name, long expectedRevision) {
        ensureOpen();
        locked(name, () -> {
            JsonNode rm = requireModel(name);
            checkRevision("Model '" + name + "'", expectedRevision, codec.model(rm).orElseThrow().revision());
            ObjectNode body = rest.body();
            body.put("name", RegistryCodec.mlflowName(name));
            known.forgetModel(RegistryCodec.mlflowName(name));
            try {
                rest.delete("registered-models/delete", body);
            } catch (NotFoundException alreadyGone) {
                LOG.debug("Model {} was already deleted (a retried delete): {}", name, alreadyGone.getMessage());
            }
            return null;
        });
    }

    @Override
    public List<Model> listModels(ModelListing listing) {
        ensureOpen();
        // MLflow sorts by its stored name, where the namespace separator is '~': sort again by MVM name.
        TreeMap<ModelName, Model> matches = new TreeMap<>();
        if (listing.namePrefix() != null && !NAME_CHARACTERS.matcher(listing.namePrefix()).matches()) {
            return List.of(); // no model name has such a character
        }
        String pageToken = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("max_results", "1000");
            query.put("order_by", "name ASC");
            if (listing.namePrefix() != null && !listing.namePrefix().isEmpty()) {
                // MLflow's LIKE has no escape: '_' matches any character, which only widens the result; the
                // exact prefix is checked again below. Quotes cannot pass NAME_CHARACTERS.
                query.put("filter", "name LIKE '" + listing.namePrefix().replace('/', '~') + "%'");
            }
            if (pageToken != null) {
                query.put("page_token", pageToken);
            }
            JsonNode page = rest.get("registered-models/search", query);
            for (JsonNode rm : page.path("registered_models")) {
                codec.model(rm).filter(m -> matches(m, listing)).ifPresent(m -> matches.put(m.name(), m));
            }
            pageToken = page.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        return matches.values().stream().limit(listing.limit()).toList();
    }

    private static boolean matches(Model m, ModelListing l) {
        return (l.namePrefix() == null || m.name().value().startsWith(l.namePrefix()))
                && (l.framework() == null || m.framework().equals(l.framework()))
                && (l.task() == null || m.task().equals(l.task()))
                && m.tags().entrySet().containsAll(l.tags().entrySet())
                && (l.after() == null || m.name().compareTo(l.after()) > 0);
    }

    // ------------------------------------------------------------------ versions

    @Override
    public ModelVersion createVersion(ModelVersion version) {
        ensureOpen();
        return locked(version.model(), () -> {
            // No duplicate check before the create: a version of the same precedence that already exists has a
            // lower MLflow number, so the settle read below finds it, withdraws this copy and reports the
            // conflict. That saves a request on every create and costs two on a duplicate.
            String key = RegistryCodec.key(version.version());
            String name = RegistryCodec.mlflowName(version.model());
            String token = UUID.randomUUID().toString();
            ObjectNode body = rest.body();
            body.put("name", name);
            body.put("source", source.apply(version));
            body.put("description", version.description());
            if (version.lineage().runId() != null) {
                body.put("run_id", version.lineage().runId()); // links the version to its MLflow run
            }
            // Every field and the create token ride in the create itself: no separate tag writes.
            body.set("tags", codec.tagList(codec.newVersionTags(version, token)));
            JsonNode created;
            try {
                // Retrying is safe: duplicates from a retried create are recognised by the token below.
                created = rest.post("model-versions/create", body, true).path("model_version");
            } catch (NotFoundException e) {
                throw new NotFoundException("Model '" + version.model() + "' does not exist in MLflow at "
                        + rest.server() + "; create it before its versions", e);
            }
            if (created.path("version").asLong(0) == 1) {
                // MLflow numbers never repeat within a registered model (deleted versions keep theirs), so
                // number 1 means no other version exists or existed: by the lowest-number rule this copy holds
                // the precedence whatever is created concurrently, and the settle read can be skipped.
                known.remember(name, key, new Known(1, version.version(), created.path("creation_timestamp")
                        .asLong(0)));
                return version.toBuilder().revision(1).build();
            }
            return settleCreate(version, key, token);
        });
    }

    /**
     * The second half of the create protocol: of all MLflow versions claiming the same precedence key, the
     * lowest MLflow version number wins. If the winner carries this call's token the call succeeded (and
     * any extra copies from retries are deleted); otherwise this call's copies are deleted and it fails.
     */
    private ModelVersion settleCreate(ModelVersion version, String key, String token) {
        List<StoredVersion> claims = new ArrayList<>();
        for (StoredVersion s : storedVersions(version.model())) {
            if (s.key().equals(key)) {
                claims.add(s);
            }
        }
        claims.sort(Comparator.comparingLong(StoredVersion::number));
        if (claims.isEmpty()) {
            throw new StorageException("Version " + version.ref() + " vanished from MLflow at " + rest.server()
                    + " right after it was created (deleted concurrently?)", null);
        }
        StoredVersion winner = claims.get(0);
        known.remember(RegistryCodec.mlflowName(version.model()), key,
                new Known(winner.number(), winner.value().version(), winner.mlflowCreated()));
        for (StoredVersion s : claims.subList(1, claims.size())) {
            if (token.equals(s.createToken())) {
                deleteMlflowVersion(version.model(), s.number());
            }
        }
        if (!token.equals(winner.createToken())) {
            throw versionExists(version, winner); // this call's copies were all shadowed, and deleted above
        }
        return version.toBuilder().revision(1).build();
    }

    private ConflictException versionExists(ModelVersion version, StoredVersion existing) {
        return new ConflictException("Version " + existing.value().version() + " of model '" + version.model()
                + "' already exists (MLflow version " + existing.number() + " of '"
                + RegistryCodec.mlflowName(version.model()) + "', created before this call or concurrently), so "
                + version.version() + " cannot be created: versions that differ only in build metadata have the same"
                + " precedence. Pick another version number");
    }

    @Override
    public Optional<ModelVersion> findVersion(ModelName model, SemanticVersion version) {
        ensureOpen();
        return locked(model, () -> stored(model, version).map(StoredVersion::value));
    }

    @Override
    public List<ModelVersion> listVersions(ModelName model) {
        ensureOpen();
        return locked(model, () -> {
            List<StoredVersion> all = storedVersions(model);
            if (all.isEmpty()) {
                requireModel(model);
            }
            return all.stream().map(StoredVersion::value).sorted(Comparator.comparing(ModelVersion::version))
                    .toList();
        });
    }

    @Override
    public ModelVersion updateVersion(ModelVersion version) {
        ensureOpen();
        return locked(version.model(), () -> {
            StoredVersion s = requireVersion(version.model(), version.version());
            ModelVersion current = s.value();
            checkRevision("Version " + current.ref(), version.revision(), current.revision());
            ModelVersion next = current.toBuilder()
                    .description(version.description())
                    .metrics(version.metrics())
                    .params(version.params())
                    .tags(version.tags())
                    .updatedAt(version.updatedAt())
                    .revision(current.revision() + 1)
                    .build();
            String name = RegistryCodec.mlflowName(version.model());
            if (!next.description().equals(current.description())) {
                ObjectNode body = rest.body();
                body.put("name", name);
                body.put("version", Long.toString(s.number()));
                body.put("description", next.description());
                rest.patch("model-versions/update", body);
            }
            applyTags("model-versions", name, s.number(), s.tags(), codec.versionTags(next, next.revision()));
            return next;
        });
    }

    @Override
    public void deleteVersion(ModelName model, SemanticVersion version, long expectedRevision) {
        ensureOpen();
        locked(model, () -> {
            StoredVersion s = requireVersion(model, version);
            checkRevision("Version " + s.value().ref(), expectedRevision, s.value().revision());
            JsonNode rm = requireModel(model);
            for (JsonNode alias : rm.path("aliases")) {
                if (alias.path("version").asLong() == s.number()) {
                    throw new ConflictException("Cannot delete " + s.value().ref() + ": environment '"
                            + alias.path("alias").asText() + "' points to it; move or unpublish it first");
                }
            }
            known.forget(RegistryCodec.mlflowName(model), s.key());
            deleteMlflowVersion(model, s.number());
            return null;
        });
    }

    @Override
    public ModelVersion transition(StateChange change, long expectedRevision) {
        ensureOpen();
        ModelName model = change.version().model();
        return locked(model, () -> {
            StoredVersion s = requireVersion(model, change.version().version());
            ModelVersion current = s.value();
            if (!current.state().equals(change.from())) {
                throw new ConflictException("Cannot move " + current.ref() + " from " + change.from() + " to "
                        + change.to() + ": it is in " + current.state() + " now; re-read it and try again");
            }
            checkRevision("Version " + current.ref(), expectedRevision, current.revision());
            ModelVersion next = current.toBuilder().state(change.to()).updatedAt(change.at())
                    .revision(current.revision() + 1).build();
            String name = RegistryCodec.mlflowName(model);
            Map<String, String> writes = new LinkedHashMap<>(codec.stateEntry(change, codec.stateEntries(s.tags()) + 1));
            Map<String, String> fields = codec.versionTags(next, next.revision());
            for (String k : List.of("mvm.state", "mvm.updated_at")) {
                if (fields.containsKey(k)) {
                    writes.put(k, fields.get(k));
                }
            }
            writes.forEach((k, v) -> setTag("model-versions", name, s.number(), k, v));
            if (!fields.containsKey("mvm.updated_at") && s.tags().containsKey("mvm.updated_at")) {
                deleteTag("model-versions", name, s.number(), "mvm.updated_at"); // back to the creation time
            }
            setTag("model-versions", name, s.number(), RegistryCodec.REVISION, Long.toString(next.revision()));
            return next;
        });
    }

    @Override
    public List<StateChange> stateHistory(ModelName model, SemanticVersion version) {
        ensureOpen();
        return locked(model, () -> {
            StoredVersion s = requireVersion(model, version);
            return codec.stateHistory(s.value().ref(), s.tags());
        });
    }

    // ------------------------------------------------------------------ pointers

    @Override
    public PointerMove movePointer(PointerMove move) {
        ensureOpen();
        EnvironmentName env = move.environment();
        if (RESERVED_ALIAS.matcher(env.value()).matches()) {
            throw new ValidationException("environment", "Environment '" + env + "' cannot be kept as an MLflow"
                    + " alias: MLflow reserves 'latest' and v<number>; choose another environment name");
        }
        return locked(move.model(), () -> movePointerLocked(move, true));
    }

    /**
     * Two round trips: the registered model (current alias and history) and, unless this process knows it
     * already, the target version are read at once; then the history entry and the alias are written at once.
     * If exactly one of the two writes fails, the other is undone (the alias moved back, or the entry removed),
     * so a move is recorded in the history exactly when it happened.
     */
    private PointerMove movePointerLocked(PointerMove move, boolean useKnown) {
        EnvironmentName env = move.environment();
        String name = RegistryCodec.mlflowName(move.model());
        @Nullable String key = move.to() == null ? null : RegistryCodec.key(move.to());
        @Nullable Known remembered = key == null || !useKnown ? null : known.find(name, key);
        @Nullable CompletableFuture<Optional<StoredVersion>> targetRead = key == null || remembered != null ? null
                : rest.async(() -> stored(move.model(), move.to()));
        JsonNode rm;
        try {
            rm = requireModel(move.model());
        } finally {
            if (targetRead != null) {
                MlflowRestClient.failureOf(targetRead); // never leave a read running outside the lock
            }
        }
        long previous = aliasNumber(rm, env);
        Optional<EnvironmentPointer> current = pointer(move.model(), env, rm);
        @Nullable SemanticVersion now = current.map(EnvironmentPointer::version).orElse(null);
        boolean same = now == null ? move.from() == null
                : move.from() != null && now.hasSamePrecedence(move.from());
        if (!same) {
            throw new ConflictException("Environment '" + env + "' of model '" + move.model() + "' points to "
                    + (now == null ? "nothing" : now) + ", not " + (move.from() == null ? "nothing" : move.from())
                    + "; it moved since you read it. Re-read it and try again");
        }
        long target = 0;
        @Nullable SemanticVersion targetVersion = null;
        if (move.to() != null) {
            if (remembered != null && remembered.belongsTo(rm.path("creation_timestamp").asLong(0))) {
                target = remembered.number();
                targetVersion = remembered.version();
            } else {
                Optional<StoredVersion> t = targetRead != null ? MlflowRestClient.await(targetRead)
                        : stored(move.model(), move.to());
                StoredVersion found = t.orElseThrow(() -> new NotFoundException("Version " + move.to()
                        + " of model '" + move.model() + "' does not exist in MLflow at " + rest.server()));
                target = found.number();
                targetVersion = found.value().version();
                remembered = null;
            }
        }
        int seq = codec.pointerEntries(env, RegistryCodec.tags(rm)) + 1;
        Map<String, String> entry = codec.pointerEntry(move, target, targetVersion, seq);
        CompletableFuture<Object> history = rest.async(() -> {
            entry.forEach((k, v) -> setTag("registered-models", name, null, k, v));
            return Boolean.TRUE;
        });
        @Nullable RuntimeException aliasFailure = null;
        try {
            setAlias(name, env, target);
        } catch (RuntimeException e) {
            aliasFailure = e;
        }
        @Nullable RuntimeException historyFailure = MlflowRestClient.failureOf(history);
        if (aliasFailure == null && historyFailure == null) {
            return move;
        }
        if (aliasFailure == null) {
            // The alias moved but its history entry could not be written: move it back.
            try {
                setAlias(name, env, previous);
            } catch (RuntimeException e) {
                LOG.warn("Environment '{}' of model '{}' moved without its history entry, and moving it back"
                        + " failed too: {}", env, move.model(), e.getMessage());
                historyFailure.addSuppressed(e);
            }
            throw historyFailure;
        }
        if (historyFailure == null) {
            // The history entry was written but the alias did not move: withdraw the entry.
            try {
                entry.keySet().forEach(k -> deleteTag("registered-models", name, null, k));
            } catch (RuntimeException e) {
                aliasFailure.addSuppressed(e);
            }
        }
        if (aliasFailure instanceof NotFoundException && key != null) {
            known.forget(name, key);
            if (remembered != null) {
                return movePointerLocked(move, false); // the remembered version is gone: look it up
            }
            throw new NotFoundException("Version " + move.to() + " of model '" + move.model()
                    + "' does not exist in MLflow at " + rest.server() + " (deleted concurrently?)", aliasFailure);
        }
        throw aliasFailure;
    }

    /** Points the alias at an MLflow version number, or removes it when the number is 0. */
    private void setAlias(String name, EnvironmentName env, long number) {
        ObjectNode body = rest.body();
        body.put("name", name);
        body.put("alias", env.value());
        if (number != 0) {
            body.put("version", Long.toString(number));
            rest.post("registered-models/alias", body, true);
        } else {
            try {
                rest.delete("registered-models/alias", body);
            } catch (NotFoundException alreadyGone) {
                LOG.debug("Alias {} was already removed (a retried delete): {}", env, alreadyGone.getMessage());
            }
        }
    }

    private static long aliasNumber(JsonNode rm, EnvironmentName env) {
        long number = 0;
        for (JsonNode alias : rm.path("aliases")) {
            if (alias.path("alias").asText().equals(env.value())) {
                number = alias.path("version").asLong();
            }
        }
        return number;
    }

    @Override
    public Optional<EnvironmentPointer> findPointer(ModelName model, EnvironmentName environment) {
        ensureOpen();
        return locked(model, () -> registeredModel(model).flatMap(rm -> pointer(model, environment, rm)));
    }

    @Override
    public List<EnvironmentPointer> listPointers(ModelName model) {
        ensureOpen();
        return locked(model, () -> pointers(model));
    }

    private List<EnvironmentPointer> pointers(ModelName model) {
        JsonNode rm = requireModel(model);
        TreeMap<String, EnvironmentPointer> out = new TreeMap<>();
        for (JsonNode alias : rm.path("aliases")) {
            EnvironmentName env;
            try {
                env = EnvironmentName.of(alias.path("alias").asText());
            } catch (ValidationException notAnEnvironment) {
                continue;
            }
            pointer(model, env, rm).ifPresent(p -> out.put(env.value(), p));
        }
        return List.copyOf(out.values());
    }

    @Override
    public List<PointerMove> pointerHistory(ModelName model, EnvironmentName environment) {
        ensureOpen();
        return locked(model, () -> codec.pointerHistory(model, environment, RegistryCodec.tags(requireModel(model)))
                .stream().map(RecordedMove::move).toList());
    }

    /**
     * Reads the environments from the model's pointer-history tags, with the same single
     * {@code registered-models/get} that reads the model.
     */
    @Override
    public List<EnvironmentName> environmentsWithHistory(ModelName model) {
        ensureOpen();
        return locked(model, () -> RegistryCodec.environmentsWithHistory(RegistryCodec.tags(requireModel(model))));
    }

    private Optional<EnvironmentPointer> pointer(ModelName model, EnvironmentName env, JsonNode rm) {
        long number = aliasNumber(rm, env);
        if (number == 0) {
            return Optional.empty();
        }
        List<RecordedMove> history = codec.pointerHistory(model, env, RegistryCodec.tags(rm));
        if (!history.isEmpty()) {
            RecordedMove last = history.get(history.size() - 1);
            if (last.mlflowVersion() == number && last.target() != null) {
                return Optional.of(new EnvironmentPointer(model, env, last.target(), last.move().actor(),
                        last.move().at()));
            }
        }
        // The alias was set outside MVM: read the version it points to.
        Optional<StoredVersion> v = mlflowVersion(model, number);
        return v.map(s -> new EnvironmentPointer(model, env, s.value().version(), "",
                Instant.ofEpochMilli(rm.path("last_updated_timestamp").asLong(0))));
    }

    // ------------------------------------------------------------------ search

    /**
     * Searches with the semantics of {@link InMemorySearch}. What MLflow's registered model filter language can
     * express (name {@code = != LIKE ILIKE IN}, tags, framework, task and owner) is pushed down to
     * {@code registered-models/search}, paging through {@code page_token}; the whole filter is then evaluated
     * on what comes back. Versions are read with one {@code model-versions/search} per 50 models
     * ({@code name IN (...)}), never per model: for every candidate when the filter or sort reads versions
     * (or in the versions scope), otherwise only for the models of the page returned.
     *
     * @param request the search
     * @return the page asked for, with the total count
     * @throws ValidationException if the cursor is malformed or belongs to another search
     * @since 0.1
     */
    @Override
    public SearchResult search(SearchRequest request) {
        ensureOpen();
        request.offset(); // a malformed cursor fails before any request
        String pushed = FilterPushDown.registeredModels(request.filter(), request.scope());
        Map<String, JsonNode> registered = new LinkedHashMap<>();
        String pageToken = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("max_results", "1000");
            if (!pushed.isEmpty()) {
                query.put("filter", pushed);
            }
            if (pageToken != null) {
                query.put("page_token", pageToken);
            }
            JsonNode page = rest.get("registered-models/search", query);
            for (JsonNode rm : page.path("registered_models")) {
                if (RegistryCodec.modelName(rm.path("name").asText()).isPresent()) {
                    registered.put(rm.path("name").asText(), rm);
                }
            }
            pageToken = page.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        boolean readsVersions = FilterPushDown.readsVersions(request);
        Map<String, List<StoredVersion>> versions = readsVersions ? versionsOf(registered.values()) : Map.of();
        List<SearchHit> rows = new ArrayList<>();
        for (JsonNode rm : registered.values()) {
            Model m = codec.model(rm).orElseThrow();
            if (!readsVersions) {
                rows.add(new SearchHit(m, null, null, null, 0));
                continue;
            }
            SearchHit h = hit(m, rm, versions.getOrDefault(rm.path("name").asText(), List.of()));
            if (request.scope() == SearchScope.MODELS) {
                rows.add(h);
            } else {
                for (StoredVersion v : winners(versions.getOrDefault(rm.path("name").asText(), List.of()))) {
                    rows.add(new SearchHit(m, v.value(), h.latest(), h.production(), 0));
                }
            }
        }
        SearchResult result = InMemorySearch.search(request, rows);
        if (readsVersions || result.hits().isEmpty()) {
            return result;
        }
        // Only model fields were read: fetch the versions of the page's models to fill in latest and production.
        List<JsonNode> pageModels = result.hits().stream()
                .map(h -> registered.get(RegistryCodec.mlflowName(h.model().name()))).toList();
        Map<String, List<StoredVersion>> pageVersions = versionsOf(pageModels);
        List<SearchHit> hits = new ArrayList<>();
        for (SearchHit h : result.hits()) {
            String name = RegistryCodec.mlflowName(h.model().name());
            SearchHit full = hit(h.model(), registered.get(name), pageVersions.getOrDefault(name, List.of()));
            hits.add(new SearchHit(h.model(), full.latest(), full.latest(), full.production(), h.relevance()));
        }
        return new SearchResult(hits, result.total(), result.offset(), result.pageSize(), result.nextCursor());
    }

    /** The models-scope row of a model: its latest version and the version its production alias points to. */
    private SearchHit hit(Model m, JsonNode rm, List<StoredVersion> all) {
        List<StoredVersion> winners = winners(all);
        @Nullable ModelVersion latest = winners.isEmpty() ? null : winners.get(winners.size() - 1).value();
        long prodNumber = aliasNumber(rm, EnvironmentName.PRODUCTION);
        @Nullable ModelVersion production = null;
        if (prodNumber != 0) {
            @Nullable String key = all.stream().filter(v -> v.number() == prodNumber).map(StoredVersion::key).findFirst()
                    .orElse(null);
            production = winners.stream().filter(v -> v.key().equals(key)).map(StoredVersion::value).findFirst()
                    .orElse(null);
        }
        return new SearchHit(m, latest, latest, production, 0);
    }

    /** @return the versions MVM shows (lowest MLflow number per precedence key), by ascending precedence */
    private static List<StoredVersion> winners(List<StoredVersion> all) {
        Map<String, StoredVersion> byKey = new HashMap<>();
        for (StoredVersion v : all) {
            byKey.merge(v.key(), v, (a, b) -> a.number() <= b.number() ? a : b);
        }
        return byKey.values().stream().sorted(Comparator.comparing(v -> v.value().version())).toList();
    }

    /** Every MLflow version of the given registered models, by registered model name: one request per 50. */
    private Map<String, List<StoredVersion>> versionsOf(java.util.Collection<JsonNode> registeredModels) {
        Map<String, List<StoredVersion>> out = new HashMap<>();
        List<String> names = registeredModels.stream().map(rm -> rm.path("name").asText()).distinct().toList();
        for (int from = 0; from < names.size(); from += 50) {
            List<String> batch = names.subList(from, Math.min(names.size(), from + 50));
            String pageToken = null;
            do {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("filter", FilterPushDown.versionsOf(batch));
                query.put("max_results", "10000");
                if (pageToken != null) {
                    query.put("page_token", pageToken);
                }
                JsonNode page = rest.get("model-versions/search", query);
                for (JsonNode mv : page.path("model_versions")) {
                    String name = mv.path("name").asText();
                    RegistryCodec.modelName(name).flatMap(model -> codec.version(model, mv))
                            .ifPresent(v -> out.computeIfAbsent(name, n -> new ArrayList<>()).add(v));
                }
                pageToken = page.path("next_page_token").asText("");
            } while (!pageToken.isEmpty());
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private Optional<JsonNode> registeredModel(ModelName name) {
        try {
            return Optional.of(rest.get("registered-models/get", Map.of("name", RegistryCodec.mlflowName(name)))
                    .path("registered_model"));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private JsonNode requireModel(ModelName name) {
        return registeredModel(name).orElseThrow(() -> new NotFoundException("Model '" + name
                + "' does not exist in MLflow at " + rest.server()));
    }

    /**
     * Every MLflow version of the model that MVM can read, one per precedence key: the lowest MLflow number
     * wins. Shadowed copies that MVM created (a create retried after a timeout whose first attempt arrived
     * late, or the loser of a race that died before withdrawing) are deleted on the way; shadowed versions
     * created by other MLflow clients are left alone.
     */
    private List<StoredVersion> storedVersions(ModelName model) {
        Map<String, StoredVersion> byKey = new HashMap<>();
        List<StoredVersion> strays = new ArrayList<>();
        String pageToken = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("filter", "name='" + RegistryCodec.mlflowName(model) + "'");
            query.put("max_results", "10000");
            if (pageToken != null) {
                query.put("page_token", pageToken);
            }
            JsonNode page = rest.get("model-versions/search", query);
            for (JsonNode mv : page.path("model_versions")) {
                codec.version(model, mv).ifPresent(s -> byKey.merge(s.key(), s, (a, b) -> {
                    StoredVersion shadowed = a.number() <= b.number() ? b : a;
                    if (shadowed.createToken() != null) {
                        strays.add(shadowed);
                    }
                    return a.number() <= b.number() ? a : b;
                }));
            }
            pageToken = page.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        String mlflowName = RegistryCodec.mlflowName(model);
        for (StoredVersion winner : byKey.values()) {
            known.remember(mlflowName, winner.key(), new Known(winner.number(), winner.value().version(),
                    winner.mlflowCreated()));
        }
        for (StoredVersion stray : strays) {
            LOG.info("Deleting MLflow version {} of '{}': a stray copy of {} (MLflow version {} holds it)",
                    stray.number(), RegistryCodec.mlflowName(model), stray.key(), byKey.get(stray.key()).number());
            try {
                deleteMlflowVersion(model, stray.number());
            } catch (AccessDeniedException notAllowed) {
                // MLflow's basic-auth app lets only MANAGE delete versions; the stray stays invisible to MVM
                // and a client allowed to delete removes it on a later access.
                LOG.info("Cannot delete the stray MLflow version {} of '{}' with these credentials: {}",
                        stray.number(), RegistryCodec.mlflowName(model), notAllowed.getMessage());
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private Optional<StoredVersion> stored(ModelName model, SemanticVersion version) {
        String key = RegistryCodec.key(version);
        return storedVersions(model).stream().filter(s -> s.key().equals(key)).findFirst();
    }

    private StoredVersion requireVersion(ModelName model, SemanticVersion version) {
        return stored(model, version).orElseThrow(() -> new NotFoundException("Version " + version + " of model '"
                + model + "' does not exist in MLflow at " + rest.server()));
    }

    private Optional<StoredVersion> mlflowVersion(ModelName model, long number) {
        try {
            JsonNode mv = rest.get("model-versions/get", Map.of("name", RegistryCodec.mlflowName(model),
                    "version", Long.toString(number))).path("model_version");
            return codec.version(model, mv);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private void deleteMlflowVersion(ModelName model, long number) {
        ObjectNode body = rest.body();
        body.put("name", RegistryCodec.mlflowName(model));
        body.put("version", Long.toString(number));
        try {
            rest.delete("model-versions/delete", body);
        } catch (NotFoundException alreadyGone) {
            LOG.debug("MLflow version {} of {} was already deleted: {}", number, model, alreadyGone.getMessage());
        }
    }

    /** Writes the changed field tags, removes the dropped ones, and writes the revision last. */
    private void applyTags(String entity, String name, @Nullable Long number, Map<String, String> existing,
            Map<String, String> desired) {
        desired.forEach((k, v) -> {
            if (!k.equals(RegistryCodec.REVISION) && !v.equals(existing.get(k))) {
                setTag(entity, name, number, k, v);
            }
        });
        existing.keySet().stream()
                .filter(k -> !desired.containsKey(k) && RegistryCodec.isField(k))
                .forEach(k -> deleteTag(entity, name, number, k));
        setTag(entity, name, number, RegistryCodec.REVISION, desired.get(RegistryCodec.REVISION));
    }

    private void setTag(String entity, String name, @Nullable Long number, String key, String value) {
        ObjectNode body = rest.body();
        body.put("name", name);
        if (number != null) {
            body.put("version", Long.toString(number));
        }
        body.put("key", key);
        body.put("value", value);
        rest.post(entity + "/set-tag", body, true);
    }

    private void deleteTag(String entity, String name, @Nullable Long number, String key) {
        ObjectNode body = rest.body();
        body.put("name", name);
        if (number != null) {
            body.put("version", Long.toString(number));
        }
        body.put("key", key);
        try {
            rest.delete(entity + "/delete-tag", body);
        } catch (NotFoundException alreadyGone) {
            LOG.debug("Tag {} was already absent: {}", key, alreadyGone.getMessage());
        }
    }

    private static void checkRevision(String what, long expected, long actual) {
        if (expected != actual) {
            throw new ConflictException(what + " changed since it was read: expected revision " + expected
                    + ", found " + actual + ". Re-read it and try again");
        }
    }

    private <T> T locked(ModelName model, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(model.value().hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This MlflowRegistryStore (" + describe() + ") is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        rest.close();
    }

    /**
     * Configures an {@link MlflowRegistryStore}. Explicit setters win over {@link #environment(Map)} values
     * applied before them.
     *
     * @since 0.1
     */
    public static final class Builder {
        private @Nullable String trackingUri;
        private @Nullable String username;
        private @Nullable String password;
        private @Nullable String token;
        private boolean insecureTls;
        private @Nullable Path serverCertificate;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(120);
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private double jitter = 0.5;
        private Duration maxRetryAfter = Duration.ofSeconds(60);
        private @Nullable Function<ModelVersion, String> versionSource;
        private boolean quickAck = true;
        private Duration keepAlive = Duration.ofSeconds(4);

        private Builder() {
        }

        /**
         * Applies MLflow's environment variables (see {@link MlflowRegistryStore#fromEnvironment()}).
         *
         * @param env the variables, e.g. {@code System.getenv()}
         * @return this
         * @throws IllegalStateException if a variable is malformed or names something unsupported
         */
        public Builder environment(Map<String, String> env) {
            Objects.requireNonNull(env, "env");
            if (env.get("MLFLOW_TRACKING_URI") != null) {
                trackingUri(env.get("MLFLOW_TRACKING_URI"));
            }
            String user = env.get("MLFLOW_TRACKING_USERNAME");
            String pass = env.get("MLFLOW_TRACKING_PASSWORD");
            if (user != null || pass != null) {
                if (user == null || pass == null) {
                    throw new IllegalStateException("Set both MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD"
                            + " for Basic authentication, or neither");
                }
                basicAuth(user, pass);
            }
            if (env.get("MLFLOW_TRACKING_TOKEN") != null) {
                token = env.get("MLFLOW_TRACKING_TOKEN");
            }
            if (env.get("MLFLOW_TRACKING_INSECURE_TLS") != null) {
                insecureTls = Boolean.parseBoolean(env.get("MLFLOW_TRACKING_INSECURE_TLS").trim());
            }
            if (env.get("MLFLOW_TRACKING_SERVER_CERT_PATH") != null) {
                serverCertificate = Path.of(env.get("MLFLOW_TRACKING_SERVER_CERT_PATH"));
            }
            if (env.get("MLFLOW_TRACKING_CLIENT_CERT_PATH") != null) {
                throw new IllegalStateException("MLFLOW_TRACKING_CLIENT_CERT_PATH (TLS client certificates) is not"
                        + " supported by the MVM MLflow adapter yet; use Basic or Bearer authentication");
            }
            if (env.get("MLFLOW_HTTP_REQUEST_TIMEOUT") != null) {
                requestTimeout(Duration.ofSeconds(number(env, "MLFLOW_HTTP_REQUEST_TIMEOUT")));
            }
            if (env.get("MLFLOW_HTTP_REQUEST_MAX_RETRIES") != null) {
                maxAttempts(1 + (int) number(env, "MLFLOW_HTTP_REQUEST_MAX_RETRIES"));
            }
            if (env.get("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR") != null) {
                long seconds = number(env, "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR");
                Duration first = seconds == 0 ? Duration.ofMillis(100) : Duration.ofSeconds(seconds);
                backoff(first, first.compareTo(maxBackoff) > 0 ? first.multipliedBy(8) : maxBackoff);
            }
            return this;
        }

        private static long number(Map<String, String> env, String name) {
            try {
                long n = Long.parseLong(env.get(name).trim());
                if (n < 0) {
                    throw new NumberFormatException("negative");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalStateException(name + " must be a whole number of at least 0, not '"
                        + env.get(name) + "'", e);
            }
        }

        /**
         * @param uri the tracking server, {@code http://} or {@code https://}, e.g. {@code http://127.0.0.1:5000}
         * @return this
         * @throws IllegalArgumentException if it is not an HTTP(S) URI (e.g. {@code databricks} or a file path)
         */
        public Builder trackingUri(String uri) {
            Objects.requireNonNull(uri, "uri");
            if (!(uri.startsWith("http://") || uri.startsWith("https://"))) {
                throw new IllegalArgumentException("Invalid MLflow tracking URI '" + uri + "': the MVM adapter"
                        + " talks to a tracking server over http:// or https://, not to file stores or 'databricks'");
            }
            this.trackingUri = uri;
            return this;
        }

        /**
         * Basic authentication, as for MLflow's basic-auth app.
         *
         * @param username the user
         * @param password the password
         * @return this
         */
        public Builder basicAuth(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * @param token a bearer token; ignored when Basic credentials are set (as in MLflow)
         * @return this
         */
        public Builder bearerToken(String token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * @param insecure whether to skip TLS certificate and host name checks (never in production)
         * @return this
         */
        public Builder insecureTls(boolean insecure) {
            this.insecureTls = insecure;
            return this;
        }

        /**
         * @param pemFile a PEM file with the CA certificates that signed the server's certificate
         * @return this
         */
        public Builder serverCertificate(Path pemFile) {
            this.serverCertificate = Objects.requireNonNull(pemFile, "pemFile");
            return this;
        }

        /**
         * @param timeout how long to wait for a connection, default 10 s
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /**
         * @param timeout how long one request may take to send and answer, default 120 s
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /**
         * @param attempts how often a retryable call is tried in all, default 5; 1 disables retries
         * @return this
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, not " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * @param initial the first wait before a retry, default 200 ms; it doubles per attempt
         * @param max the longest wait, default 10 s
         * @return this
         * @throws IllegalArgumentException if not positive or max is below initial
         */
        public Builder backoff(Duration initial, Duration max) {
            positive("initial backoff", initial);
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max backoff " + max + " is below the initial " + initial);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * @param factor how much each wait is randomised, 0 to below 1, default 0.5 (wait x [0.5, 1.5])
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder jitter(double factor) {
            if (!(factor >= 0 && factor < 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1), not " + factor);
            }
            this.jitter = factor;
            return this;
        }

        /**
         * @param max the longest {@code Retry-After} a 429 or 503 answer is honoured with, default 60 s
         * @return this
         * @throws IllegalArgumentException if negative
         */
        public Builder maxRetryAfter(Duration max) {
            if (max.isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter must not be negative, not " + max);
            }
            this.maxRetryAfter = max;
            return this;
        }

        /**
         * How long an idle connection is kept for the next request. Default 4 s, below the 5 s after which
         * MLflow's server (uvicorn) closes idle connections: a request sent on a connection the server has
         * closed fails and has to be retried. Raise it when a proxy in front of MLflow keeps connections
         * longer (nginx: 75 s).
         *
         * @param idle the longest idle time, at least 1 ms
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder keepAlive(Duration idle) {
            this.keepAlive = positive("keepAlive", idle);
            return this;
        }

        /**
         * Whether to acknowledge the server's answers at once ({@code TCP_QUICKACK}, Linux only; elsewhere
         * this does nothing). Default {@code true}: MLflow's server sends an answer's headers and body in
         * two segments with Nagle's algorithm on, so on a kept-alive connection the body otherwise waits for
         * the client's delayed acknowledgement, at least 40 ms per request. Turn it off only to measure that
         * stall.
         *
         * @param enabled whether to acknowledge at once
         * @return this
         */
        public Builder quickAck(boolean enabled) {
            this.quickAck = enabled;
            return this;
        }

        /**
         * Sets the artifact URI recorded as an MLflow version's {@code source}, e.g. the version's directory
         * in an S3 store with the version-tree layout. Default: {@code mvm://<registered model>/<version>}.
         *
         * @param source the URI for a version
         * @return this
         */
        public Builder versionSource(Function<ModelVersion, String> source) {
            this.versionSource = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * @return the store
         * @throws IllegalStateException if no tracking URI is set, or the TLS settings cannot be loaded
         */
        public MlflowRegistryStore build() {
            if (trackingUri == null) {
                throw new IllegalStateException("No MLflow tracking URI: set MLFLOW_TRACKING_URI or call"
                        + " trackingUri(...)");
            }
            TransportFactory transport = new TransportFactory(trackingUri, username, password, token, insecureTls,
                    serverCertificate, connectTimeout, requestTimeout, quickAck, keepAlive);
            MlflowRestClient rest = new MlflowRestClient(transport.client(), transport.url(),
                    new dev.mvm.mlflow.internal.RetrySettings(maxAttempts, initialBackoff, maxBackoff, jitter,
                            maxRetryAfter),
                    new ObjectMapper());
            Function<ModelVersion, String> src = versionSource != null ? versionSource
                    : v -> "mvm://" + RegistryCodec.mlflowName(v.model()) + "/" + v.version();
            return new MlflowRegistryStore(rest, src);
        }

        private static Duration positive(String what, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + d);
            }
            return d;
        }
    }
}
