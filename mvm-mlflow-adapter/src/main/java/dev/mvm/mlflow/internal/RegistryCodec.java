package dev.mvm.mlflow.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.api.artifact.ArtifactSummary;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Lineage;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.model.VersionRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The mapping between MVM values and MLflow's registered models and model versions. Everything MLflow has
 * no field for lives in tags under the reserved {@code mvm.} prefix (see the module README for the table);
 * user tags are plain MLflow tags.
 */
public final class RegistryCodec {
    /** Tag prefix of MVM's bookkeeping. */
    public static final String PREFIX = "mvm.";
    static final String ID = "mvm.id";
    static final String OWNER = "mvm.owner";
    static final String FRAMEWORK = "mvm.framework";
    static final String TASK = "mvm.task";
    static final String METADATA = "mvm.metadata";
    static final String CREATED_AT = "mvm.created_at";
    static final String UPDATED_AT = "mvm.updated_at";
    /** The revision tag of models and versions. */
    public static final String REVISION = "mvm.revision";
    /** The token of the call that created a model or version, to recognise a retried create. */
    public static final String CREATE_TOKEN = "mvm.create_token";
    /** The semantic version as given, build metadata included. */
    public static final String VERSION = "mvm.version";
    /** The precedence key: the semantic version without build metadata. */
    public static final String KEY = "mvm.key";
    static final String STATE = "mvm.state";
    static final String CREATED_BY = "mvm.created_by";
    static final String ARTIFACTS = "mvm.artifacts";
    static final String METRICS = "mvm.metrics";
    static final String PARAMS = "mvm.params";
    static final String LINEAGE = "mvm.lineage";
    /** Prefix of a version's state history entries, {@code mvm.statelog.000001}. */
    public static final String STATE_LOG = "mvm.statelog.";
    /** Prefix of a model's pointer history entries, {@code mvm.ptrlog.<environment>.000001}. */
    public static final String POINTER_LOG = "mvm.ptrlog.";
    /** MVM names may have one {@code /}; MLflow names may not, so it is stored as this character. */
    static final char NAMESPACE_SEPARATOR = '~';

    private static final TypeReference<Map<String, Object>> OBJECT_MAP = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, Double>> DOUBLE_MAP = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() { };

    private final ObjectMapper json;

    /** @param json the mapper for JSON tag values */
    public RegistryCodec(ObjectMapper json) {
        this.json = json;
    }

    /** @param name an MVM model name @return its MLflow registered model name */
    public static String mlflowName(ModelName name) {
        return name.value().replace('/', NAMESPACE_SEPARATOR);
    }

    /** @param mlflowName a registered model name @return the MVM name, if the name is one MVM accepts */
    public static Optional<ModelName> modelName(String mlflowName) {
        try {
            return Optional.of(ModelName.of(mlflowName.replace(NAMESPACE_SEPARATOR, '/')));
        } catch (ValidationException notOurs) {
            return Optional.empty();
        }
    }

    /** @param version a semantic version @return its precedence key */
    public static String key(SemanticVersion version) {
        return version.withoutBuild().toString();
    }

    /**
     * @param key a tag key
     * @return whether the tag holds a model's or version's field (user tags included), as opposed to its
     *     identity ({@code mvm.version}, {@code mvm.key}, the create token) or a history entry
     */
    public static boolean isField(String key) {
        return !key.startsWith(STATE_LOG) && !key.startsWith(POINTER_LOG) && !key.equals(CREATE_TOKEN)
                && !key.equals(VERSION) && !key.equals(KEY);
    }

    /** @return the tags of MLflow JSON ({@code [{"key":..,"value":..}]}) as a map */
    public static Map<String, String> tags(JsonNode entity) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode tag : entity.path("tags")) {
            out.put(tag.path("key").asText(), tag.path("value").asText(""));
        }
        return out;
    }

    /** @return MLflow's JSON tag list for a map */
    public ArrayNode tagList(Map<String, String> tags) {
        ArrayNode list = json.createArrayNode();
        tags.forEach((k, v) -> {
            ObjectNode t = list.addObject();
            t.put("key", k);
            t.put("value", v);
        });
        return list;
    }

    // ---- models

    /**
     * Fields holding the value a missing tag reads as (empty text, an empty map, revision 1, an update time
     * equal to the creation time) get no tag: every tag is a row MLflow writes, reads and serialises on each
     * request, so a new model costs a few tags instead of nine.
     *
     * @param m the model
     * @param revision the revision to record
     * @return every tag that holds the model's fields
     */
    public Map<String, String> modelTags(Model m, long revision) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(ID, m.id());
        putUnlessEmpty(t, OWNER, m.owner());
        putUnlessEmpty(t, FRAMEWORK, m.framework());
        putUnlessEmpty(t, TASK, m.task());
        if (!m.metadata().isEmpty()) {
            t.putAll(ChunkedTags.encode(METADATA, write(m.metadata())));
        }
        t.put(CREATED_AT, m.createdAt().toString());
        if (!m.updatedAt().equals(m.createdAt())) {
            t.put(UPDATED_AT, m.updatedAt().toString());
        }
        t.putAll(m.tags());
        if (revision != 1) {
            t.put(REVISION, Long.toString(revision));
        }
        return t;
    }

    private static void putUnlessEmpty(Map<String, String> tags, String key, String value) {
        if (!value.isEmpty()) {
            tags.put(key, value);
        }
    }

    /**
     * @param registeredModel MLflow's registered model JSON
     * @return the model, unless its name is not one MVM accepts
     */
    public Optional<Model> model(JsonNode registeredModel) {
        Optional<ModelName> name = modelName(registeredModel.path("name").asText());
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> t = tags(registeredModel);
        Instant created = instant(t.get(CREATED_AT), registeredModel.path("creation_timestamp").asLong(0));
        Instant updated = t.containsKey(CREATED_AT) && !t.containsKey(UPDATED_AT) ? created
                : instant(t.get(UPDATED_AT), registeredModel.path("last_updated_timestamp").asLong(0));
        Map<String, Object> metadata = ChunkedTags.decode(t, METADATA).map(s -> read(s, OBJECT_MAP))
                .orElse(Map.of());
        return Optional.of(Model.builder(t.getOrDefault(ID, "mlflow:" + name.get()), name.get())
                .description(registeredModel.path("description").asText(""))
                .framework(t.getOrDefault(FRAMEWORK, ""))
                .task(t.getOrDefault(TASK, ""))
                .metadata(metadata)
                .tags(userTags(t))
                .owner(t.getOrDefault(OWNER, ""))
                .createdAt(created)
                .updatedAt(updated)
                .revision(revision(t))
                .build());
    }

    // ---- versions

    /**
     * @param v the version
     * @param revision the revision to record
     * @return every tag that holds the version's mutable and immutable fields (not its identity tags)
     */
    public Map<String, String> versionTags(ModelVersion v, long revision) {
        // As for models, fields holding the value a missing tag reads as get no tag (the state always has one).
        Map<String, String> t = new LinkedHashMap<>();
        t.put(STATE, v.state().name());
        putUnlessEmpty(t, CREATED_BY, v.createdBy());
        t.put(CREATED_AT, v.createdAt().toString());
        if (!v.updatedAt().equals(v.createdAt())) {
            t.put(UPDATED_AT, v.updatedAt().toString());
        }
        ArtifactSummary a = v.artifacts();
        if (!a.equals(ArtifactSummary.EMPTY)) {
            t.put(ARTIFACTS, a.root().hex() + " " + a.fileCount() + " " + a.totalBytes());
        }
        if (!v.metrics().isEmpty()) {
            t.putAll(ChunkedTags.encode(METRICS, write(v.metrics())));
        }
        if (!v.params().isEmpty()) {
            t.putAll(ChunkedTags.encode(PARAMS, write(v.params())));
        }
        if (!v.lineage().equals(Lineage.NONE)) {
            t.putAll(ChunkedTags.encode(LINEAGE, write(lineageJson(v.lineage()))));
        }
        t.putAll(v.tags());
        if (revision != 1) {
            t.put(REVISION, Long.toString(revision));
        }
        return t;
    }

    /**
     * @param v the version
     * @param createToken the creating call's token
     * @return the tags a new MLflow version is created with
     */
    public Map<String, String> newVersionTags(ModelVersion v, String createToken) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(VERSION, v.version().toString());
        t.put(KEY, key(v.version()));
        t.put(CREATE_TOKEN, createToken);
        t.putAll(versionTags(v, 1));
        return t;
    }

    /**
     * @param model the model the version belongs to
     * @param mv MLflow's model version JSON
     * @return the stored version, unless its tags name a version MVM cannot read
     */
    public Optional<StoredVersion> version(ModelName model, JsonNode mv) {
        long number = mv.path("version").asLong();
        Map<String, String> t = tags(mv);
        SemanticVersion version;
        try {
            version = t.containsKey(VERSION) ? SemanticVersion.parse(t.get(VERSION))
                    : SemanticVersion.of(number, 0, 0);
        } catch (ValidationException bad) {
            return Optional.empty();
        }
        LifecycleState state = t.containsKey(STATE) ? LifecycleState.of(t.get(STATE))
                : stageState(mv.path("current_stage").asText(""));
        String runId = mv.path("run_id").asText("");
        Lineage lineage = ChunkedTags.decode(t, LINEAGE).map(this::lineage)
                .orElse(runId.isEmpty() ? Lineage.NONE : new Lineage(null, List.of(), runId, null));
        ModelVersion value = ModelVersion.builder(model, version)
                .state(state)
                .description(mv.path("description").asText(""))
                .artifacts(artifacts(t.get(ARTIFACTS)))
                .metrics(ChunkedTags.decode(t, METRICS).map(s -> (Map<String, Double>) read(s, DOUBLE_MAP))
                        .orElse(Map.of()))
                .params(ChunkedTags.decode(t, PARAMS).map(s -> (Map<String, String>) read(s, STRING_MAP))
                        .orElse(Map.of()))
                .tags(userTags(t))
                .lineage(lineage)
                .createdBy(t.getOrDefault(CREATED_BY, mv.path("user_id").asText("")))
                .createdAt(instant(t.get(CREATED_AT), mv.path("creation_timestamp").asLong(0)))
                .updatedAt(t.containsKey(CREATED_AT) && !t.containsKey(UPDATED_AT)
                        ? instant(t.get(CREATED_AT), 0)
                        : instant(t.get(UPDATED_AT), mv.path("last_updated_timestamp").asLong(0)))
                .revision(revision(t))
                .build();
        return Optional.of(new StoredVersion(number, t.getOrDefault(KEY, key(version)), t.get(CREATE_TOKEN), t,
                value, mv.path("creation_timestamp").asLong(0)));
    }

    private static LifecycleState stageState(String stage) {
        return switch (stage.toLowerCase(Locale.ROOT)) {
            case "staging" -> LifecycleState.STAGING;
            case "production" -> LifecycleState.PRODUCTION;
            case "archived" -> LifecycleState.ARCHIVED;
            default -> LifecycleState.DRAFT;
        };
    }

    private static ArtifactSummary artifacts(@Nullable String text) {
        if (text == null) {
            return ArtifactSummary.EMPTY;
        }
        String[] p = text.split(" ");
        return new ArtifactSummary(Sha256.parse(p[0]), Integer.parseInt(p[1]), Long.parseLong(p[2]));
    }

    private Map<String, Object> lineageJson(Lineage l) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (l.parent() != null) {
            m.put("parent", l.parent().toString());
        }
        m.put("dependsOn", l.dependsOn().stream().map(VersionRef::toString).toList());
        if (l.runId() != null) {
            m.put("runId", l.runId());
        }
        if (l.dataset() != null) {
            m.put("dataset", l.dataset());
        }
        return m;
    }

    private Lineage lineage(String text) {
        JsonNode n = readTree(text);
        List<VersionRef> deps = new ArrayList<>();
        n.path("dependsOn").forEach(d -> deps.add(VersionRef.parse(d.asText())));
        return new Lineage(n.hasNonNull("parent") ? SemanticVersion.parse(n.get("parent").asText()) : null, deps,
                n.hasNonNull("runId") ? n.get("runId").asText() : null,
                n.hasNonNull("dataset") ? n.get("dataset").asText() : null);
    }

    // ---- histories

    /** @return the tags recording one state change as entry {@code seq} */
    public Map<String, String> stateEntry(StateChange c, int seq) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", c.from().name());
        m.put("to", c.to().name());
        m.put("actor", c.actor());
        m.put("at", c.at().toString());
        m.put("reason", c.reason());
        return ChunkedTags.encode(STATE_LOG + seq(seq), write(m));
    }

    /** @return a version's state changes, oldest first */
    public List<StateChange> stateHistory(VersionRef ref, Map<String, String> tags) {
        List<StateChange> out = new ArrayList<>();
        for (String text : logEntries(tags, STATE_LOG).values()) {
            JsonNode n = readTree(text);
            out.add(new StateChange(ref, LifecycleState.of(n.path("from").asText()),
                    LifecycleState.of(n.path("to").asText()), n.path("actor").asText(""),
                    Instant.parse(n.path("at").asText()), n.path("reason").asText("")));
        }
        return out;
    }

    /** @return how many state changes are recorded */
    public int stateEntries(Map<String, String> tags) {
        return logEntries(tags, STATE_LOG).size();
    }

    /**
     * @param move the move
     * @param targetNumber the MLflow version number it points to, or 0 when it removes the pointer
     * @param target the stored version it points to (full text, build metadata included), or null
     * @param seq the entry's position in the environment's history
     * @return the tags recording the move
     */
    public Map<String, String> pointerEntry(PointerMove move, long targetNumber, @Nullable SemanticVersion target,
            int seq) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (move.from() != null) {
            m.put("from", move.from().toString());
        }
        if (move.to() != null) {
            m.put("to", move.to().toString());
            m.put("mlflowVersion", targetNumber);
        }
        if (target != null) {
            m.put("target", target.toString());
        }
        m.put("kind", move.kind().name());
        m.put("actor", move.actor());
        m.put("at", move.at().toString());
        m.put("reason", move.reason());
        return ChunkedTags.encode(POINTER_LOG + move.environment().value() + "." + seq(seq), write(m));
    }

    /**
     * One recorded pointer move.
     *
     * @param move the move as requested
     * @param mlflowVersion the MLflow version number it pointed to, 0 when it removed the pointer
     * @param target the stored version it pointed to, full text, or null when it removed the pointer
     */
    public record RecordedMove(PointerMove move, long mlflowVersion, @Nullable SemanticVersion target) {
    }

    /** @return the recorded moves of one environment, oldest first */
    public List<RecordedMove> pointerHistory(ModelName model, EnvironmentName env, Map<String, String> tags) {
        List<RecordedMove> out = new ArrayList<>();
        for (String text : logEntries(tags, POINTER_LOG + env.value() + ".").values()) {
            JsonNode n = readTree(text);
            PointerMove move = new PointerMove(model, env,
                    n.hasNonNull("from") ? SemanticVersion.parse(n.get("from").asText()) : null,
                    n.hasNonNull("to") ? SemanticVersion.parse(n.get("to").asText()) : null,
                    PointerMove.Kind.valueOf(n.path("kind").asText()), n.path("actor").asText(""),
                    Instant.parse(n.path("at").asText()), n.path("reason").asText(""));
            out.add(new RecordedMove(move, n.path("mlflowVersion").asLong(0),
                    n.hasNonNull("target") ? SemanticVersion.parse(n.get("target").asText()) : move.to()));
        }
        return out;
    }

    /**
     * @param tags a registered model's tags
     * @return every environment with at least one recorded move (whether its alias is set now or not), sorted
     *     by name; keys that do not name a valid environment are ignored
     */
    public static List<EnvironmentName> environmentsWithHistory(Map<String, String> tags) {
        TreeSet<String> names = new TreeSet<>();
        for (String key : tags.keySet()) {
            if (!key.startsWith(POINTER_LOG)) {
                continue;
            }
            String rest = key.substring(POINTER_LOG.length());
            int dot = rest.indexOf('.');
            if (dot > 0 && isSequence(rest.substring(dot + 1))) {
                names.add(rest.substring(0, dot));
            }
        }
        List<EnvironmentName> out = new ArrayList<>();
        for (String name : names) {
            try {
                out.add(EnvironmentName.of(name));
            } catch (ValidationException notAnEnvironment) {
                // a tag someone else wrote under our prefix
            }
        }
        return List.copyOf(out);
    }

    /** @return the number of recorded moves of one environment */
    public int pointerEntries(EnvironmentName env, Map<String, String> tags) {
        return logEntries(tags, POINTER_LOG + env.value() + ".").size();
    }

    private static SortedEntries logEntries(Map<String, String> tags, String prefix) {
        SortedEntries out = new SortedEntries();
        for (String key : tags.keySet()) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            String rest = key.substring(prefix.length());
            if (isSequence(rest)) {
                ChunkedTags.decode(tags, key).ifPresent(v -> out.put(Integer.parseInt(rest), v));
            }
        }
        return out;
    }

    /** Log entries by sequence number. */
    private static final class SortedEntries extends TreeMap<Integer, String> {
        private static final long serialVersionUID = 1L;
    }

    /** @return whether a key's last part is a log entry's six-digit sequence (not a later part, e.g. {@code .2}) */
    private static boolean isSequence(String part) {
        return part.length() == 6 && part.chars().allMatch(Character::isDigit);
    }

    private static String seq(int n) {
        return String.format(Locale.ROOT, "%06d", n);
    }

    // ---- helpers

    private static Map<String, String> userTags(Map<String, String> t) {
        Map<String, String> out = new LinkedHashMap<>();
        t.forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static long revision(Map<String, String> t) {
        String r = t.get(REVISION);
        return r == null ? 1 : Long.parseLong(r);
    }

    private static Instant instant(@Nullable String tag, long millis) {
        return tag != null ? Instant.parse(tag) : Instant.ofEpochMilli(millis);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StorageException("Cannot encode " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getMessage(), e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new StorageException("Malformed JSON in an " + PREFIX + " tag: " + e.getOriginalMessage(), e);
        }
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new StorageException("Malformed JSON in an " + PREFIX + " tag: " + e.getOriginalMessage(), e);
        }
    }
}
