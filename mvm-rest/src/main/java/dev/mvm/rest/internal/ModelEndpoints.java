package dev.mvm.rest.internal;

import dev.mvm.ModelHandle;
import dev.mvm.ModelRegistry;
import dev.mvm.VersionDraft;
import dev.mvm.VersionHandle;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.model.Bump;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.query.Filter;
import dev.mvm.api.query.Page;
import dev.mvm.api.query.SearchHit;
import dev.mvm.api.query.SearchRequest;
import dev.mvm.api.query.SearchResult;
import dev.mvm.api.query.SearchScope;
import dev.mvm.api.query.Sort;
import dev.mvm.api.spi.ModelListing;
import dev.mvm.compare.Comparison;
import dev.mvm.compare.MetricRow;
import dev.mvm.lifecycle.ModelStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Models, versions, lifecycle, search and compare. */
final class ModelEndpoints {
    private static final Set<String> REGISTER_FIELDS = Set.of("name", "description", "framework", "task", "metadata",
            "tags", "model_path", "upload_id", "version");
    private static final Set<String> UPDATE_FIELDS = Set.of("description", "framework", "task", "metadata", "tags",
            "revision");
    private static final Set<String> VERSION_FIELDS = Set.of("version", "bump", "pre_release", "description", "metrics",
            "params", "tags", "parent", "depends_on", "run_id", "dataset", "model_path", "upload_id");
    private static final Set<String> LIFTED = Set.of("description", "framework", "task");
    private static final Set<String> FIELD_WORDS = Set.of("name", "description", "framework", "task", "owner", "state",
            "version", "created", "updated", "relevance");

    private final RestConfig config;
    private final UploadArea uploads;

    ModelEndpoints(RestConfig config, UploadArea uploads) {
        this.config = config;
        this.uploads = uploads;
    }

    // ---- models -------------------------------------------------------------------------------------------

    void register(Call c) throws IOException {
        JsonBody b = c.json("register model", REGISTER_FIELDS);
        String name = b.requiredText("name");
        ModelFields fields = ModelFields.read(b);
        FileSource source = FileSource.of(c, b, config, uploads);
        String requestedVersion = b.text("version");
        ModelRegistry reg = c.registry();
        Model m = reg.models().register(name, fields::applyTo);
        ModelVersion v = null;
        if (source != null || requestedVersion != null) {
            VersionDraft draft = reg.model(name).newVersion().version(requestedVersion == null ? "1.0.0" : requestedVersion);
            v = register(draft, source);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", m.name().value());
        out.put("name", m.name().value());
        out.put("uuid", m.id());
        out.put("version", v == null ? null : v.version().toString());
        out.put("status", v == null ? null : Views.status(v.state()));
        out.put("created_at", Views.time(m.createdAt()));
        c.exchange().getResponseHeaders().set("Location", RestApi.BASE + "/models/" + segment(m.name().value()));
        RestApi.sendJson(c.exchange(), 201, out);
    }

    void list(Call c) throws IOException {
        c.onlyQuery(Set.of("prefix", "framework", "task", "limit", "after"));
        Integer limit = c.intQuery("limit", 1, ModelListing.MAX_LIMIT);
        ModelListing listing = ModelListing.all().withLimit(limit == null ? ModelListing.DEFAULT_LIMIT : limit);
        if (c.query("prefix") != null) {
            listing = listing.withNamePrefix(c.query("prefix", ""));
        }
        if (c.query("framework") != null) {
            listing = listing.withFramework(c.query("framework", ""));
        }
        if (c.query("task") != null) {
            listing = listing.withTask(c.query("task", ""));
        }
        if (c.query("after") != null) {
            listing = listing.withAfter(ModelName.of(c.query("after", "")));
        }
        List<Model> models = c.registry().models().list(listing);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("models", models.stream().map(Views::model).toList());
        out.put("next_after", models.size() == listing.limit() ? models.get(models.size() - 1).name().value() : null);
        RestApi.sendJson(c.exchange(), 200, out);
    }

    void get(Call c) throws IOException {
        ModelHandle h = c.registry().model(c.path("model_id"));
        Map<String, Object> out = Views.model(h.info());
        ModelStatus status = h.status();
        out.put("latest_version", Views.text(status.latestVersion()));
        Map<String, Object> envs = new LinkedHashMap<>();
        status.pointers().forEach((env, v) -> envs.put(env.value(), v.toString()));
        out.put("environments", envs);
        Map<String, Object> counts = new LinkedHashMap<>();
        status.countsByState().forEach((s, n) -> counts.put(Views.status(s), n));
        out.put("version_counts", counts);
        RestApi.sendJson(c.exchange(), 200, out);
    }

    void update(Call c) throws IOException {
        JsonBody b = c.json("update model", UPDATE_FIELDS);
        ModelFields fields = ModelFields.read(b);
        Long revision = b.longValue("revision");
        ModelHandle h = c.registry().model(c.path("model_id"));
        Consumer<dev.mvm.ModelChanges> changes = fields::applyTo;
        if (fields.tags != null) {
            // the tags given replace the model's tags
            Set<String> keep = fields.tags.keySet();
            List<String> drop = h.info().tags().keySet().stream().filter(k -> !keep.contains(k)).toList();
            changes = changes.andThen(ch -> drop.forEach(ch::removeTag));
        }
        Model m = revision == null ? h.update(changes) : h.update(revision, changes);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", m.name().value());
        out.put("updated_at", Views.time(m.updatedAt()));
        out.put("revision", m.revision());
        RestApi.sendJson(c.exchange(), 200, out);
    }

    void delete(Call c) throws IOException {
        c.registry().model(c.path("model_id")).delete();
        RestApi.sendNoContent(c.exchange());
    }

    // ---- versions -----------------------------------------------------------------------------------------

    void listVersions(Call c) throws IOException {
        ModelHandle h = c.registry().model(c.path("model_id"));
        List<ModelVersion> versions = h.versions();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", h.name().value());
        out.put("versions", versions.stream().map(Views::version).toList());
        RestApi.sendJson(c.exchange(), 200, out);
    }

    void createVersion(Call c) throws IOException {
        JsonBody b = c.json("create version", VERSION_FIELDS);
        ModelHandle h = c.registry().model(c.path("model_id"));
        VersionDraft draft = h.newVersion();
        String version = b.text("version");
        String bump = b.text("bump");
        String preRelease = b.text("pre_release");
        if ((version != null ? 1 : 0) + (bump != null ? 1 : 0) + (preRelease != null ? 1 : 0) > 1) {
            throw ApiException.validation("version", "Give at most one of 'version', 'bump' and 'pre_release'");
        }
        if (version != null) {
            draft.version(version);
        } else if (bump != null) {
            draft.bump(bump(bump));
        } else if (preRelease != null) {
            draft.preRelease(preRelease);
        }
        String description = b.text("description");
        if (description != null) {
            draft.description(description);
        }
        Map<String, Double> metrics = b.numberMap("metrics");
        if (metrics != null) {
            draft.metrics(metrics);
        }
        Map<String, String> params = b.stringMap("params");
        if (params != null) {
            draft.params(params);
        }
        Map<String, String> tags = b.stringMap("tags");
        if (tags != null) {
            draft.tags(tags);
        }
        String parent = b.text("parent");
        if (parent != null) {
            draft.parent(parent);
        }
        List<String> dependsOn = b.stringList("depends_on");
        if (dependsOn != null) {
            dependsOn.forEach(draft::dependsOn);
        }
        String runId = b.text("run_id");
        if (runId != null) {
            draft.runId(runId);
        }
        String dataset = b.text("dataset");
        if (dataset != null) {
            draft.dataset(dataset);
        }
        FileSource source = FileSource.of(c, b, config, uploads);
        ModelVersion v = register(draft, source);
        c.exchange().getResponseHeaders().set("Location", RestApi.BASE + "/models/" + segment(v.model().value())
                + "/versions/" + segment(v.version().toString()));
        RestApi.sendJson(c.exchange(), 201, Views.version(v));
    }

    private ModelVersion register(VersionDraft draft, @Nullable FileSource source) {
        if (source != null) {
            source.addTo(draft);
        }
        ModelVersion v = draft.register();
        if (source != null) {
            source.consumed();
        }
        return v;
    }

    private static Bump bump(String text) {
        try {
            Bump b = Bump.valueOf(text.toUpperCase(Locale.ROOT));
            if (b == Bump.PRERELEASE) {
                throw new IllegalArgumentException();
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("bump", "Invalid bump '" + Call.printable(text)
                    + "'; allowed: major, minor, patch (for a pre-release give 'pre_release' with a label)");
        }
    }

    void getVersion(Call c) throws IOException {
        RestApi.sendJson(c.exchange(), 200, Views.version(version(c).info()));
    }

    void deleteVersion(Call c) throws IOException {
        version(c).delete();
        RestApi.sendNoContent(c.exchange());
    }

    void stateHistory(Call c) throws IOException {
        VersionHandle v = version(c);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", v.ref().model().value());
        out.put("version", v.ref().version().toString());
        out.put("changes", v.stateHistory().stream().map(Views::stateChange).toList());
        RestApi.sendJson(c.exchange(), 200, out);
    }

    private static VersionHandle version(Call c) {
        return c.registry().model(c.path("model_id")).version(c.path("version"));
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    void publish(Call c) throws IOException {
        JsonBody b = c.json("publish", Set.of("environment", "reason"));
        VersionHandle v = version(c);
        PointerMove move = v.publish(b.text("environment", "production"), b.text("reason", ""));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", v.ref().model().value());
        out.put("version", v.ref().version().toString());
        out.put("status", Views.status(v.info().state()));
        out.put("environment", move.environment().value());
        out.put("published_at", Views.time(move.at()));
        RestApi.sendJson(c.exchange(), 200, out);
    }

    void unpublish(Call c) throws IOException {
        JsonBody b = c.json("unpublish", Set.of("environment", "reason"));
        VersionHandle v = version(c);
        PointerMove move = v.unpublish(b.text("environment", "production"), b.text("reason", ""));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", v.ref().model().value());
        out.put("version", v.ref().version().toString());
        out.put("status", Views.status(v.info().state()));
        out.put("environment", move.environment().value());
        out.put("unpublished_at", Views.time(move.at()));
        RestApi.sendJson(c.exchange(), 200, out);
    }

    void rollback(Call c) throws IOException {
        JsonBody b = c.json("rollback", Set.of("target_version", "environment", "reason"));
        ModelHandle h = c.registry().model(c.path("model_id"));
        VersionHandle from = h.version(c.path("version"));
        String environment = b.text("environment", "production");
        String reason = b.text("reason", "");
        EnvironmentPointer current = h.pointer(environment).orElseThrow(() -> {
            h.info();
            return new NotFoundException("Environment '" + environment + "' of model '" + h.name()
                    + "' is not set; there is nothing to roll back");
        });
        if (!current.version().equals(from.ref().version())) {
            throw new ConflictException("Environment '" + environment + "' of model '" + h.name() + "' serves "
                    + current.version() + ", not " + from.ref().version() + "; roll back from the version it serves");
        }
        String target = b.text("target_version");
        PointerMove move = target == null ? h.rollback(environment, reason) : h.rollback(environment, target, reason);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", h.name().value());
        out.put("environment", move.environment().value());
        out.put("previous_version", Views.text(move.from()));
        out.put("current_version", Views.text(move.to()));
        out.put("rolled_back_at", Views.time(move.at()));
        RestApi.sendJson(c.exchange(), 200, out);
    }

    void transition(Call c) throws IOException {
        JsonBody b = c.json("transition", Set.of("status", "reason", "force"));
        String status = b.requiredText("status");
        String reason = b.text("reason", "");
        boolean force = b.bool("force", false);
        VersionHandle v = version(c);
        LifecycleState target = LifecycleState.of(status.toUpperCase(Locale.ROOT));
        ModelVersion after;
        if (target.equals(LifecycleState.DEPRECATED)) {
            after = v.deprecate(reason, force);
        } else if (target.equals(LifecycleState.ARCHIVED)) {
            after = v.archive(reason, force);
        } else {
            if (force) {
                throw ApiException.validation("force", "'force' applies to the deprecated and archived targets only");
            }
            after = v.transition(target, reason);
        }
        RestApi.sendJson(c.exchange(), 200, Views.version(after));
    }

    void environments(Call c) throws IOException {
        ModelHandle h = c.registry().model(c.path("model_id"));
        h.info();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", h.name().value());
        out.put("environments", h.pointers().stream().map(Views::pointer).toList());
        RestApi.sendJson(c.exchange(), 200, out);
    }

    void environmentHistory(Call c) throws IOException {
        ModelHandle h = c.registry().model(c.path("model_id"));
        h.info();
        List<PointerMove> moves = h.pointerHistory(c.path("environment"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_id", h.name().value());
        out.put("environment", c.path("environment"));
        out.put("moves", moves.stream().map(Views::move).toList());
        RestApi.sendJson(c.exchange(), 200, out);
    }

    // ---- search and compare -------------------------------------------------------------------------------

    void search(Call c) throws IOException {
        c.onlyQuery(Set.of("q", "framework", "task", "filter", "sort_by", "order", "page", "page_size", "cursor"));
        Filter filter = Filter.parse(c.query("filter", ""));
        if (c.query("framework") != null) {
            filter = filter.and(Filter.field("framework").eq(c.query("framework", "")));
        }
        if (c.query("task") != null) {
            filter = filter.and(Filter.field("task").eq(c.query("task", "")));
        }
        String order = c.query("order", "desc").toLowerCase(Locale.ROOT);
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiException.validation("order", "Query parameter 'order' must be asc or desc, not '"
                    + Call.printable(order) + "'");
        }
        Integer page = c.intQuery("page", 1, Integer.MAX_VALUE);
        Integer pageSize = c.intQuery("page_size", 1, Page.MAX_PAGE_SIZE);
        int size = pageSize == null ? Page.DEFAULT_PAGE_SIZE : pageSize;
        String cursor = c.query("cursor");
        SearchRequest.Builder request = SearchRequest.builder(SearchScope.MODELS).text(c.query("q", "")).filter(filter)
                .page(cursor != null ? Page.after(cursor, size) : Page.of(page == null ? 1 : page, size));
        String sortBy = c.query("sort_by");
        if (sortBy != null) {
            String field = sortField(sortBy);
            request.sort(order.equals("asc") ? Sort.asc(field) : Sort.desc(field));
        }
        SearchResult result = c.registry().search(request.build());
        List<Object> models = new ArrayList<>();
        for (SearchHit hit : result.hits()) {
            ModelVersion v = hit.rowVersion().or(hit::productionVersion).or(hit::latestVersion).orElse(null);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model_id", hit.model().name().value());
            m.put("name", hit.model().name().value());
            m.put("version", v == null ? null : v.version().toString());
            m.put("status", v == null ? null : Views.status(v.state()));
            m.put("metrics", v == null ? Map.of() : v.metrics());
            m.put("framework", hit.model().framework());
            m.put("task", hit.model().task());
            m.put("tags", hit.model().tags());
            m.put("created_at", Views.time(hit.model().createdAt()));
            models.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", result.total());
        out.put("page", cursor != null ? null : (page == null ? 1 : page));
        out.put("page_size", size);
        out.put("models", models);
        out.put("next_cursor", result.nextCursor());
        RestApi.sendJson(c.exchange(), 200, out);
    }

    private static String sortField(String sortBy) {
        String s = sortBy.strip();
        if (s.equals("created_at")) {
            return "created";
        }
        if (s.equals("updated_at")) {
            return "updated";
        }
        return s.contains(".") || FIELD_WORDS.contains(s) ? s : "metrics." + s;
    }

    void compare(Call c) throws IOException {
        JsonBody b = c.json("compare", Set.of("model_1", "model_2", "metrics"));
        Set<String> side = Set.of("model_id", "version");
        JsonBody one = b.child("model_1", "compare", side);
        JsonBody two = b.child("model_2", "compare", side);
        String ref1 = one.requiredText("model_id") + "@" + one.requiredText("version");
        String ref2 = two.requiredText("model_id") + "@" + two.requiredText("version");
        List<String> wanted = b.stringList("metrics");
        Comparison cmp = c.registry().compare(ref1, ref2);
        Map<String, MetricRow> rows = new HashMap<>();
        cmp.metrics().forEach(r -> rows.put(r.name(), r));
        List<String> names = wanted != null ? wanted : cmp.metrics().stream().map(MetricRow::name).toList();
        Map<String, Object> m1 = new LinkedHashMap<>();
        Map<String, Object> m2 = new LinkedHashMap<>();
        Map<String, Object> differences = new LinkedHashMap<>();
        Map<String, Object> better = new LinkedHashMap<>();
        for (String name : names) {
            MetricRow row = rows.get(name);
            Double a = row == null ? null : row.values().get(0);
            Double z = row == null ? null : row.values().get(1);
            m1.put(name, a);
            m2.put(name, z);
            differences.put(name, a == null || z == null ? null : signed(z - a));
            better.put(name, row == null || row.best() < 0 ? null : row.best() == 0 ? "model_1" : "model_2");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("comparison_id", cmp.id());
        out.put("model_1", side(one, m1));
        out.put("model_2", side(two, m2));
        out.put("differences", differences);
        out.put("better", better);
        out.put("created_at", Views.time(cmp.createdAt()));
        RestApi.sendJson(c.exchange(), 200, out);
    }

    private static Map<String, Object> side(JsonBody ref, Map<String, Object> metrics) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model_id", ref.requiredText("model_id"));
        o.put("version", ref.requiredText("version"));
        o.put("metrics", metrics);
        return o;
    }

    /** @return the difference with its sign and at most 6 decimals, e.g. {@code +0.02} */
    static String signed(double d) {
        BigDecimal v = BigDecimal.valueOf(d).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (v.signum() == 0) {
            return "0";
        }
        return (v.signum() > 0 ? "+" : "") + v.toPlainString();
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- request pieces -----------------------------------------------------------------------------------

    /** Description, framework, task, metadata and tags of a register or update body; the seed puts the first
     *  three inside {@code metadata}, from where they are lifted. */
    private static final class ModelFields {
        @Nullable String description;
        @Nullable String framework;
        @Nullable String task;
        @Nullable Map<String, Object> metadata;
        @Nullable Map<String, String> tags;

        static ModelFields read(JsonBody b) {
            ModelFields f = new ModelFields();
            f.description = b.text("description");
            f.framework = b.text("framework");
            f.task = b.text("task");
            f.tags = b.stringMap("tags");
            Map<String, Object> metadata = b.object("metadata");
            if (metadata != null) {
                Map<String, Object> rest = new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : metadata.entrySet()) {
                    if (e.getValue() == null) {
                        throw ApiException.validation("metadata." + e.getKey(), "Metadata value '" + e.getKey()
                                + "' is null; give a value (to remove a key, replace the metadata without it)");
                    }
                    if (LIFTED.contains(e.getKey()) && e.getValue() instanceof String s) {
                        switch (e.getKey()) {
                            case "description" -> f.description = f.description == null ? s : f.description;
                            case "framework" -> f.framework = f.framework == null ? s : f.framework;
                            default -> f.task = f.task == null ? s : f.task;
                        }
                    } else {
                        rest.put(e.getKey(), e.getValue());
                    }
                }
                f.metadata = rest;
            }
            return f;
        }

        void applyTo(dev.mvm.ModelChanges c) {
            if (description != null) {
                c.description(description);
            }
            if (framework != null) {
                c.framework(framework);
            }
            if (task != null) {
                c.task(task);
            }
            if (metadata != null) {
                metadata.forEach(c::metadata);
            }
            if (tags != null) {
                c.tags(tags);
            }
        }
    }

    /** Where a new version's files come from: a finished upload, or a path on the server under an allowed root. */
    private static final class FileSource {
        private final @Nullable Path path;
        private final UploadArea.@Nullable Upload upload;
        private final UploadArea uploads;

        private FileSource(@Nullable Path path, UploadArea.@Nullable Upload upload, UploadArea uploads) {
            this.path = path;
            this.upload = upload;
            this.uploads = uploads;
        }

        static @Nullable FileSource of(Call c, JsonBody b, RestConfig config, UploadArea uploads) throws IOException {
            String modelPath = b.text("model_path");
            String uploadId = b.text("upload_id");
            if (modelPath != null && uploadId != null) {
                throw ApiException.validation("model_path", "Give either 'model_path' or 'upload_id', not both");
            }
            if (uploadId != null) {
                return new FileSource(null, uploads.get(uploadId, c.principal()), uploads);
            }
            if (modelPath == null) {
                return null;
            }
            if (config.serverPathRoots().isEmpty()) {
                throw ApiException.validation("model_path", "This server does not read files from its own disk"
                        + " ('model_path'); upload them with POST /api/v1/uploads and PUT"
                        + " /api/v1/uploads/{upload_id}/files/{path}, then give 'upload_id'");
            }
            Path p;
            try {
                p = Path.of(modelPath).toRealPath();
            } catch (IOException | java.nio.file.InvalidPathException e) {
                throw ApiException.validation("model_path", "Path '" + Call.printable(modelPath)
                        + "' does not exist on the server");
            }
            for (Path root : config.serverPathRoots()) {
                if (p.startsWith(root.toRealPath())) {
                    return new FileSource(p, null, uploads);
                }
            }
            throw ApiException.validation("model_path", "Path '" + Call.printable(modelPath)
                    + "' is outside the directories this server may read models from");
        }

        void addTo(VersionDraft draft) {
            if (upload != null) {
                draft.files(upload.directory());
            } else if (path != null) {
                if (Files.isDirectory(path)) {
                    draft.files(path);
                } else {
                    draft.file(path);
                }
            }
        }

        void consumed() {
            if (upload != null) {
                uploads.remove(upload);
            }
        }
    }
}
