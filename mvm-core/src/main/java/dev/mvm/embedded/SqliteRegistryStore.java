package dev.mvm.embedded;

import dev.mvm.api.artifact.ArtifactSummary;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.BackendUnavailableException;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.model.VersionRef;
import dev.mvm.api.spi.ModelListing;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.embedded.internal.JsonColumns;
import dev.mvm.embedded.internal.SqliteConnections;
import dev.mvm.embedded.internal.SqliteSchema;
import dev.mvm.embedded.internal.SqliteSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The embedded {@link RegistryStore}: one SQLite file in WAL mode, safe for many threads and for several
 * processes on one machine opening the same file.
 *
 * <p>Every write is one {@code BEGIN IMMEDIATE} transaction that checks its condition (uniqueness, revision,
 * state, pointer value) and writes, so the loser of a race gets a {@link ConflictException} and nothing is
 * written. A database still locked by another process after the busy timeout (10 s) raises a retryable
 * {@link BackendUnavailableException}. Versions are keyed by their text without build metadata and keep their
 * full text. The schema is versioned and migrated on open; a database from a newer MVM is refused.
 *
 * <p>Share one instance between threads. Keep the file on a local file system: WAL mode coordinates
 * processes through shared memory, which network file systems do not provide.
 *
 * <pre>{@code
 * try (RegistryStore store = SqliteRegistryStore.open(Path.of(".mvm/registry.db"))) {
 *     store.createModel(Model.builder(id, ModelName.of("fraud")).build());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class SqliteRegistryStore implements RegistryStore, dev.mvm.api.spi.SupportsEnvironmentListing {
    /** How long a write waits for another process's lock before giving up. */
    static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);
    /** Connections per store: enough for concurrent readers on small machines; writes are serialised anyway. */
    private static final int MAX_CONNECTIONS = 4;

    private static final String MODEL_COLUMNS = "m.pk, m.id, m.name, m.description, m.framework, m.task, m.metadata,"
            + " m.tags, m.owner, m.created_at, m.updated_at, m.revision";
    private static final String VERSION_COLUMNS = "v.pk, v.version, v.state, v.description, v.artifacts_root,"
            + " v.file_count, v.total_bytes, v.metrics, v.params, v.tags, v.lineage, v.created_by, v.created_at,"
            + " v.updated_at, v.revision";

    private static final String SELECT_MODEL_BY_NAME = "SELECT " + MODEL_COLUMNS + " FROM models m WHERE m.name = ?";
    private static final String SELECT_MODEL_PK = "SELECT pk FROM models WHERE name = ?";
    private static final String SELECT_MODEL_ROW = "SELECT pk, revision FROM models WHERE name = ?";
    private static final String INSERT_MODEL = "INSERT INTO models (id, name, description, framework, task, metadata,"
            + " tags, owner, created_at, updated_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
    private static final String UPDATE_MODEL = "UPDATE models SET description = ?, framework = ?, task = ?,"
            + " metadata = ?, tags = ?, owner = ?, updated_at = ?, revision = revision + 1"
            + " WHERE pk = ? AND revision = ?";
    private static final String DELETE_MODEL = "DELETE FROM models WHERE pk = ? AND revision = ?";
    private static final String DELETE_MODEL_TAGS = "DELETE FROM model_tags WHERE model_pk = ?";
    private static final String INSERT_MODEL_TAG =
            "INSERT INTO model_tags (model_pk, tag_key, tag_value) VALUES (?, ?, ?)";

    private static final String SELECT_VERSION = "SELECT " + VERSION_COLUMNS
            + " FROM versions v JOIN models m ON m.pk = v.model_pk WHERE m.name = ? AND v.version_key = ?";
    private static final String SELECT_VERSION_BY_PK = "SELECT " + VERSION_COLUMNS + " FROM versions v WHERE v.pk = ?";
    private static final String SELECT_VERSION_ROW = "SELECT pk, version, state, revision FROM versions"
            + " WHERE model_pk = ? AND version_key = ?";
    private static final String SELECT_VERSIONS = "SELECT " + VERSION_COLUMNS + " FROM versions v WHERE v.model_pk = ?";
    /**
     * The versions sharing the highest MAJOR.MINOR.PATCH of a model, through the numeric columns the search
     * schema keeps per version (an index walk, not a scan); the exact SemVer order among them is decided in
     * Java, so pre-release ordering stays exact.
     */
    private static final String SELECT_TOP_CORE_VERSIONS = "SELECT v.pk, v.version FROM version_order o"
            + " JOIN versions v ON v.pk = o.version_pk WHERE o.model_pk = ?1 AND (o.major, o.minor, o.patch) ="
            + " (SELECT major, minor, patch FROM version_order WHERE model_pk = ?1"
            + " ORDER BY major DESC, minor DESC, patch DESC LIMIT 1)";
    private static final String INSERT_VERSION = "INSERT INTO versions (model_pk, version_key, version, state,"
            + " description, artifacts_root, file_count, total_bytes, metrics, params, tags, lineage, created_by,"
            + " created_at, updated_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
    private static final String UPDATE_VERSION = "UPDATE versions SET description = ?, metrics = ?, params = ?,"
            + " tags = ?, updated_at = ?, revision = revision + 1 WHERE pk = ? AND revision = ?";
    private static final String UPDATE_VERSION_STATE = "UPDATE versions SET state = ?, updated_at = ?,"
            + " revision = revision + 1 WHERE pk = ? AND state = ? AND revision = ?";
    private static final String DELETE_VERSION = "DELETE FROM versions WHERE pk = ? AND revision = ?";

    private static final String INSERT_STATE_CHANGE = "INSERT INTO state_changes (version_pk, from_state, to_state,"
            + " actor, at, reason) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String SELECT_STATE_CHANGES = "SELECT from_state, to_state, actor, at, reason"
            + " FROM state_changes WHERE version_pk = ? ORDER BY pk";

    private static final String SELECT_POINTER = "SELECT v.version, p.moved_by, p.moved_at FROM pointers p"
            + " JOIN models m ON m.pk = p.model_pk JOIN versions v ON v.pk = p.version_pk"
            + " WHERE m.name = ? AND p.environment = ?";
    private static final String SELECT_POINTER_VERSION = "SELECT v.version FROM pointers p"
            + " JOIN versions v ON v.pk = p.version_pk WHERE p.model_pk = ? AND p.environment = ?";
    private static final String SELECT_POINTERS = "SELECT p.environment, v.version, p.moved_by, p.moved_at"
            + " FROM pointers p JOIN versions v ON v.pk = p.version_pk WHERE p.model_pk = ? ORDER BY p.environment";
    private static final String SELECT_POINTERS_TO_VERSION =
            "SELECT environment FROM pointers WHERE version_pk = ? ORDER BY environment";
    private static final String UPSERT_POINTER = "INSERT INTO pointers (model_pk, environment, version_pk, moved_by,"
            + " moved_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (model_pk, environment) DO UPDATE SET"
            + " version_pk = excluded.version_pk, moved_by = excluded.moved_by, moved_at = excluded.moved_at";
    private static final String DELETE_POINTER = "DELETE FROM pointers WHERE model_pk = ? AND environment = ?";
    private static final String INSERT_POINTER_MOVE = "INSERT INTO pointer_moves (model_pk, environment,"
            + " from_version, to_version, kind, actor, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT_POINTER_MOVES = "SELECT from_version, to_version, kind, actor, at, reason"
            + " FROM pointer_moves WHERE model_pk = ? AND environment = ? ORDER BY pk";

    private static final String SELECT_ENVIRONMENTS_WITH_HISTORY = "SELECT DISTINCT environment FROM pointer_moves"
            + " WHERE model_pk = ? ORDER BY environment";

    private final String description;
    private final SqliteConnections db;
    private final dev.mvm.embedded.internal.SqliteSearch search;

    private SqliteRegistryStore(String description, SqliteConnections db) {
        this.description = description;
        this.db = db;
        this.search = new dev.mvm.embedded.internal.SqliteSearch(db);
    }

    /**
     * Opens (creating if needed) a registry database, creating its parent directories, and migrates its schema
     * to the version this code knows. Several processes may open the same file at once.
     *
     * @param databaseFile the SQLite file, e.g. {@code .mvm/registry.db}
     * @return the open store; close it when done
     * @throws StorageException if the file cannot be created or opened, or its schema is newer than this code
     * @throws BackendUnavailableException if another process kept the database locked beyond the busy timeout
     */
    public static SqliteRegistryStore open(Path databaseFile) {
        return open(databaseFile, DEFAULT_BUSY_TIMEOUT);
    }

    static SqliteRegistryStore open(Path databaseFile, Duration busyTimeout) {
        return open(databaseFile, busyTimeout, SqliteSchema.REGISTRY);
    }

    static SqliteRegistryStore open(Path databaseFile, Duration busyTimeout, SqliteSchema schema) {
        Path file = databaseFile.toAbsolutePath().normalize();
        String description = "sqlite:" + file;
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StorageException("Cannot create the directory of " + description + ": " + e.getMessage(), e);
        }
        SqliteConnections db = SqliteConnections.create(file, description, busyTimeout, MAX_CONNECTIONS);
        try {
            schema.migrate(db, description);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new SqliteRegistryStore(description, db);
    }

    @Override
    public String describe() {
        return description;
    }

    // ---------------------------------------------------------------- models

    @Override
    public Model createModel(Model model) {
        return db.write("create model '" + model.name() + "'", s -> {
            if (modelPk(s, model.name()).isPresent()) {
                throw new ConflictException("Model '" + model.name() + "' already exists in " + description
                        + "; choose another name or update the existing model");
            }
            PreparedStatement ps = s.prepare(INSERT_MODEL);
            ps.setString(1, model.id());
            ps.setString(2, model.name().value());
            ps.setString(3, model.description());
            ps.setString(4, model.framework());
            ps.setString(5, model.task());
            ps.setString(6, JsonColumns.write(model.metadata()));
            ps.setString(7, JsonColumns.write(model.tags()));
            ps.setString(8, model.owner());
            ps.setString(9, model.createdAt().toString());
            ps.setString(10, model.updatedAt().toString());
            ps.executeUpdate();
            writeModelTags(s, s.lastInsertRowId(), model.tags());
            return model.toBuilder().revision(1).build();
        });
    }

    @Override
    public Optional<Model> findModel(ModelName name) {
        return db.read("find model '" + name + "'", s -> readModel(s, name));
    }

    @Override
    public Model updateModel(Model model) {
        return db.write("update model '" + model.name() + "'", s -> writeModel(s, model));
    }

    /** Reads, changes and writes the model in one write transaction: no concurrent writer can come between. */
    @Override
    public Model updateModel(ModelName name, UnaryOperator<Model> change) {
        return db.write("update model '" + name + "'", s -> {
            Model current = readModel(s, name).orElseThrow(() -> modelNotFound(name));
            return writeModel(s, change.apply(current));
        });
    }

    private Model writeModel(SqliteSession s, Model model) throws SQLException {
        ModelRow current = requireModelRow(s, model.name());
        long pk = current.pk();
        if (current.revision() != model.revision()) {
            throw staleRevision("Model '" + model.name() + "'", current.revision(), model.revision());
        }
        PreparedStatement ps = s.prepare(UPDATE_MODEL);
        ps.setString(1, model.description());
        ps.setString(2, model.framework());
        ps.setString(3, model.task());
        ps.setString(4, JsonColumns.write(model.metadata()));
        ps.setString(5, JsonColumns.write(model.tags()));
        ps.setString(6, model.owner());
        ps.setString(7, model.updatedAt().toString());
        ps.setLong(8, pk);
        ps.setLong(9, model.revision());
        expectOneRow(ps.executeUpdate(), "update model '" + model.name() + "'");
        PreparedStatement del = s.prepare(DELETE_MODEL_TAGS);
        del.setLong(1, pk);
        del.executeUpdate();
        writeModelTags(s, pk, model.tags());
        return readModel(s, model.name()).orElseThrow();
    }

    @Override
    public void deleteModel(ModelName name, long expectedRevision) {
        db.write("delete model '" + name + "'", s -> {
            ModelRow current = requireModelRow(s, name);
            if (current.revision() != expectedRevision) {
                throw staleRevision("Model '" + name + "'", current.revision(), expectedRevision);
            }
            // Cascades to tags, versions, state history, pointers and pointer history (foreign keys).
            PreparedStatement ps = s.prepare(DELETE_MODEL);
            ps.setLong(1, current.pk());
            ps.setLong(2, expectedRevision);
            expectOneRow(ps.executeUpdate(), "delete model '" + name + "'");
            return null;
        });
    }

    @Override
    public List<Model> listModels(ModelListing listing) {
        StringBuilder sql = new StringBuilder("SELECT ").append(MODEL_COLUMNS).append(" FROM models m WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        String prefix = listing.namePrefix();
        if (prefix != null && !prefix.isEmpty()) {
            // A literal prefix: the range uses the name index, the substr test makes it exact. Valid names are
            // ASCII, so every name starting with the prefix sorts below prefix + U+FFFF.
            sql.append(" AND m.name >= ? AND m.name < ? AND substr(m.name, 1, length(?)) = ?");
            args.add(prefix);
            args.add(prefix + '\uffff');
            args.add(prefix);
            args.add(prefix);
        }
        if (listing.framework() != null) {
            sql.append(" AND m.framework = ?");
            args.add(listing.framework());
        }
        if (listing.task() != null) {
            sql.append(" AND m.task = ?");
            args.add(listing.task());
        }
        for (Map.Entry<String, String> tag : listing.tags().entrySet()) {
            sql.append(" AND m.pk IN (SELECT model_pk FROM model_tags WHERE tag_key = ? AND tag_value = ?)");
            args.add(tag.getKey());
            args.add(tag.getValue());
        }
        if (listing.after() != null) {
            sql.append(" AND m.name > ?");
            args.add(listing.after().value());
        }
        sql.append(" ORDER BY m.name LIMIT ?");
        return db.read("list models", s -> {
            try (PreparedStatement ps = s.prepareOnce(sql.toString())) {
                int i = 1;
                for (String arg : args) {
                    ps.setString(i++, arg);
                }
                ps.setInt(i, listing.limit());
                List<Model> models = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        models.add(model(rs));
                    }
                }
                return models;
            }
        });
    }

    // ---------------------------------------------------------------- versions

    @Override
    public ModelVersion createVersion(ModelVersion version) {
        VersionRef ref = version.ref();
        return db.write("create version " + ref, s -> {
            long modelPk = requireModel(s, version.model());
            VersionRow existing = versionRow(s, modelPk, version.version());
            if (existing != null) {
                throw new ConflictException("Version " + ref + " conflicts with the existing version "
                        + version.model() + "@" + existing.version + " of the same precedence (build metadata is"
                        + " ignored); register another version number");
            }
            PreparedStatement ps = s.prepare(INSERT_VERSION);
            ps.setLong(1, modelPk);
            ps.setString(2, key(version.version()));
            ps.setString(3, version.version().toString());
            ps.setString(4, version.state().name());
            ps.setString(5, version.description());
            ps.setString(6, version.artifacts().root().hex());
            ps.setInt(7, version.artifacts().fileCount());
            ps.setLong(8, version.artifacts().totalBytes());
            ps.setString(9, JsonColumns.write(version.metrics()));
            ps.setString(10, JsonColumns.write(version.params()));
            ps.setString(11, JsonColumns.write(version.tags()));
            ps.setString(12, JsonColumns.writeLineage(version.lineage()));
            ps.setString(13, version.createdBy());
            ps.setString(14, version.createdAt().toString());
            ps.setString(15, version.updatedAt().toString());
            ps.executeUpdate();
            return version.toBuilder().revision(1).build();
        });
    }

    @Override
    public Optional<ModelVersion> findVersion(ModelName model, SemanticVersion version) {
        return db.read("find version " + model + "@" + version, s -> {
            PreparedStatement ps = s.prepare(SELECT_VERSION);
            ps.setString(1, model.value());
            ps.setString(2, key(version));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(version(rs, model)) : Optional.empty();
            }
        });
    }

    @Override
    public List<ModelVersion> listVersions(ModelName model) {
        return db.read("list versions of '" + model + "'", s -> {
            long modelPk = requireModel(s, model);
            PreparedStatement ps = s.prepare(SELECT_VERSIONS);
            ps.setLong(1, modelPk);
            List<ModelVersion> versions = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(version(rs, model));
                }
            }
            versions.sort(Comparator.comparing(ModelVersion::version));
            return versions;
        });
    }

    @Override
    public Optional<ModelVersion> latestVersion(ModelName model) {
        return db.read("find the latest version of '" + model + "'", s -> {
            long modelPk = requireModel(s, model);
            PreparedStatement texts = s.prepare(SELECT_TOP_CORE_VERSIONS);
            texts.setLong(1, modelPk);
            long bestPk = -1;
            SemanticVersion best = null;
            try (ResultSet rs = texts.executeQuery()) {
                while (rs.next()) {
                    SemanticVersion v = SemanticVersion.parse(rs.getString(2));
                    if (best == null || v.compareTo(best) > 0) {
                        best = v;
                        bestPk = rs.getLong(1);
                    }
                }
            }
            return best == null ? Optional.empty() : Optional.of(versionByPk(s, bestPk, model));
        });
    }

    @Override
    public ModelVersion updateVersion(ModelVersion version) {
        return db.write("update version " + version.ref(), s -> writeVersion(s, version));
    }

    /** Reads, changes and writes the version in one write transaction: no concurrent writer can come between. */
    @Override
    public ModelVersion updateVersion(ModelName model, SemanticVersion version, UnaryOperator<ModelVersion> change) {
        return db.write("update version " + model + "@" + version, s -> {
            VersionRow row = requireVersion(s, model, version);
            return writeVersion(s, change.apply(versionByPk(s, row.pk, model)));
        });
    }

    private ModelVersion writeVersion(SqliteSession s, ModelVersion version) throws SQLException {
        VersionRef ref = version.ref();
        VersionRow row = requireVersion(s, version.model(), version.version());
        if (row.revision != version.revision()) {
            throw staleRevision("Version " + ref, row.revision, version.revision());
        }
        PreparedStatement ps = s.prepare(UPDATE_VERSION);
        ps.setString(1, version.description());
        ps.setString(2, JsonColumns.write(version.metrics()));
        ps.setString(3, JsonColumns.write(version.params()));
        ps.setString(4, JsonColumns.write(version.tags()));
        ps.setString(5, version.updatedAt().toString());
        ps.setLong(6, row.pk);
        ps.setLong(7, version.revision());
        expectOneRow(ps.executeUpdate(), "update version " + ref);
        return versionByPk(s, row.pk, version.model());
    }

    @Override
    public void deleteVersion(ModelName model, SemanticVersion version, long expectedRevision) {
        String ref = model + "@" + version;
        db.write("delete version " + ref, s -> {
            VersionRow row = requireVersion(s, model, version);
            if (row.revision != expectedRevision) {
                throw staleRevision("Version " + ref, row.revision, expectedRevision);
            }
            PreparedStatement pointing = s.prepare(SELECT_POINTERS_TO_VERSION);
            pointing.setLong(1, row.pk);
            List<String> environments = new ArrayList<>();
            try (ResultSet rs = pointing.executeQuery()) {
                while (rs.next()) {
                    environments.add(rs.getString(1));
                }
            }
            if (!environments.isEmpty()) {
                throw new ConflictException("Cannot delete version " + model + "@" + row.version + ": environment"
                        + (environments.size() == 1 ? " " : "s ") + String.join(", ", environments)
                        + " point" + (environments.size() == 1 ? "s" : "") + " to it; move or unpublish "
                        + (environments.size() == 1 ? "it" : "them") + " first");
            }
            PreparedStatement ps = s.prepare(DELETE_VERSION);
            ps.setLong(1, row.pk);
            ps.setLong(2, expectedRevision);
            expectOneRow(ps.executeUpdate(), "delete version " + ref);
            return null;
        });
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public ModelVersion transition(StateChange change, long expectedRevision) {
        VersionRef ref = change.version();
        return db.write("move version " + ref + " from " + change.from() + " to " + change.to(), s -> {
            VersionRow row = requireVersion(s, ref.model(), ref.version());
            if (!row.state.equals(change.from().name())) {
                throw new ConflictException("Version " + ref + " is in state " + row.state + ", not "
                        + change.from() + " as the transition to " + change.to() + " assumed; re-read it and decide"
                        + " again");
            }
            if (row.revision != expectedRevision) {
                throw staleRevision("Version " + ref, row.revision, expectedRevision);
            }
            PreparedStatement ps = s.prepare(UPDATE_VERSION_STATE);
            ps.setString(1, change.to().name());
            ps.setString(2, change.at().toString());
            ps.setLong(3, row.pk);
            ps.setString(4, change.from().name());
            ps.setLong(5, expectedRevision);
            expectOneRow(ps.executeUpdate(), "move version " + ref);
            PreparedStatement history = s.prepare(INSERT_STATE_CHANGE);
            history.setLong(1, row.pk);
            history.setString(2, change.from().name());
            history.setString(3, change.to().name());
            history.setString(4, change.actor());
            history.setString(5, change.at().toString());
            history.setString(6, change.reason());
            history.executeUpdate();
            return versionByPk(s, row.pk, ref.model());
        });
    }

    @Override
    public List<StateChange> stateHistory(ModelName model, SemanticVersion version) {
        return db.read("read the state history of " + model + "@" + version, s -> {
            VersionRow row = requireVersion(s, model, version);
            VersionRef ref = new VersionRef(model, SemanticVersion.parse(row.version));
            PreparedStatement ps = s.prepare(SELECT_STATE_CHANGES);
            ps.setLong(1, row.pk);
            List<StateChange> changes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changes.add(new StateChange(ref, new LifecycleState(rs.getString(1)),
                            new LifecycleState(rs.getString(2)), rs.getString(3), Instant.parse(rs.getString(4)),
                            rs.getString(5)));
                }
            }
            return changes;
        });
    }

    // ---------------------------------------------------------------- pointers

    @Override
    public PointerMove movePointer(PointerMove move) {
        String what = "move " + move.environment() + " of '" + move.model() + "' from "
                + (move.from() == null ? "unset" : move.from()) + " to " + (move.to() == null ? "unset" : move.to());
        return db.write(what, s -> {
            long modelPk = requireModel(s, move.model());
            VersionRow target = null;
            if (move.to() != null) {
                target = versionRow(s, modelPk, move.to());
                if (target == null) {
                    throw new NotFoundException("Cannot point " + move.environment() + " of '" + move.model()
                            + "' to " + move.to() + ": model '" + move.model() + "' has no such version");
                }
            }
            PreparedStatement current = s.prepare(SELECT_POINTER_VERSION);
            current.setLong(1, modelPk);
            current.setString(2, move.environment().value());
            SemanticVersion from;
            try (ResultSet rs = current.executeQuery()) {
                from = rs.next() ? SemanticVersion.parse(rs.getString(1)) : null;
            }
            boolean unchanged = move.from() == null ? from == null : from != null && from.hasSamePrecedence(move.from());
            if (!unchanged) {
                throw new ConflictException("Environment " + move.environment() + " of '" + move.model() + "' "
                        + (from == null ? "is unset" : "points to " + from) + ", not "
                        + (move.from() == null ? "unset" : "to " + move.from())
                        + " as the move assumed; re-read it and decide again");
            }
            if (target == null) {
                PreparedStatement del = s.prepare(DELETE_POINTER);
                del.setLong(1, modelPk);
                del.setString(2, move.environment().value());
                del.executeUpdate();
            } else {
                PreparedStatement up = s.prepare(UPSERT_POINTER);
                up.setLong(1, modelPk);
                up.setString(2, move.environment().value());
                up.setLong(3, target.pk);
                up.setString(4, move.actor());
                up.setString(5, move.at().toString());
                up.executeUpdate();
            }
            PointerMove recorded = new PointerMove(move.model(), move.environment(), from,
                    target == null ? null : SemanticVersion.parse(target.version), move.kind(), move.actor(),
                    move.at(), move.reason());
            PreparedStatement history = s.prepare(INSERT_POINTER_MOVE);
            history.setLong(1, modelPk);
            history.setString(2, move.environment().value());
            history.setString(3, recorded.from() == null ? null : recorded.from().toString());
            history.setString(4, recorded.to() == null ? null : recorded.to().toString());
            history.setString(5, move.kind().name());
            history.setString(6, move.actor());
            history.setString(7, move.at().toString());
            history.setString(8, move.reason());
            history.executeUpdate();
            return recorded;
        });
    }

    @Override
    public Optional<EnvironmentPointer> findPointer(ModelName model, EnvironmentName environment) {
        return db.read("find " + environment + " of '" + model + "'", s -> {
            PreparedStatement ps = s.prepare(SELECT_POINTER);
            ps.setString(1, model.value());
            ps.setString(2, environment.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new EnvironmentPointer(model, environment, SemanticVersion.parse(rs.getString(1)),
                                rs.getString(2), Instant.parse(rs.getString(3))))
                        : Optional.empty();
            }
        });
    }

    @Override
    public List<EnvironmentPointer> listPointers(ModelName model) {
        return db.read("list the environments of '" + model + "'", s -> {
            long modelPk = requireModel(s, model);
            PreparedStatement ps = s.prepare(SELECT_POINTERS);
            ps.setLong(1, modelPk);
            List<EnvironmentPointer> pointers = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pointers.add(new EnvironmentPointer(model, new EnvironmentName(rs.getString(1)),
                            SemanticVersion.parse(rs.getString(2)), rs.getString(3), Instant.parse(rs.getString(4))));
                }
            }
            return pointers;
        });
    }

    @Override
    public List<EnvironmentName> environmentsWithHistory(ModelName model) {
        return db.read("list the environments with history of '" + model + "'", s -> {
            long modelPk = requireModel(s, model);
            PreparedStatement ps = s.prepare(SELECT_ENVIRONMENTS_WITH_HISTORY);
            ps.setLong(1, modelPk);
            List<EnvironmentName> environments = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    environments.add(new EnvironmentName(rs.getString(1)));
                }
            }
            return environments;
        });
    }

    @Override
    public List<PointerMove> pointerHistory(ModelName model, EnvironmentName environment) {
        return db.read("read the history of " + environment + " of '" + model + "'", s -> {
            long modelPk = requireModel(s, model);
            PreparedStatement ps = s.prepare(SELECT_POINTER_MOVES);
            ps.setLong(1, modelPk);
            ps.setString(2, environment.value());
            List<PointerMove> moves = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    moves.add(new PointerMove(model, environment, versionOrNull(rs.getString(1)),
                            versionOrNull(rs.getString(2)), PointerMove.Kind.valueOf(rs.getString(3)),
                            rs.getString(4), Instant.parse(rs.getString(5)), rs.getString(6)));
                }
            }
            return moves;
        });
    }

    /**
     * Searches with the FTS5 index and the tables of schema V2; see {@link dev.mvm.embedded.internal.SqliteSearch}.
     */
    @Override
    public dev.mvm.api.query.SearchResult search(dev.mvm.api.query.SearchRequest request) {
        return search.search(request);
    }

    /** Closes the connections; calls after closing fail with a {@link StorageException}. */
    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "SqliteRegistryStore[" + description + "]";
    }

    // ---------------------------------------------------------------- rows

    /** The columns of a model row needed to check a condition. */
    private record ModelRow(long pk, long revision) {
    }

    /** The columns of a version row needed to check a condition. */
    private record VersionRow(long pk, String version, String state, long revision) {
    }

    private static String key(SemanticVersion version) {
        return version.withoutBuild().toString();
    }

    private static @Nullable SemanticVersion versionOrNull(@Nullable String text) {
        return text == null ? null : SemanticVersion.parse(text);
    }

    private static OptionalLong modelPk(SqliteSession s, ModelName name) throws SQLException {
        PreparedStatement ps = s.prepare(SELECT_MODEL_PK);
        ps.setString(1, name.value());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
    }

    private long requireModel(SqliteSession s, ModelName name) throws SQLException {
        return modelPk(s, name).orElseThrow(() -> modelNotFound(name));
    }

    private ModelRow requireModelRow(SqliteSession s, ModelName name) throws SQLException {
        PreparedStatement ps = s.prepare(SELECT_MODEL_ROW);
        ps.setString(1, name.value());
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw modelNotFound(name);
            }
            return new ModelRow(rs.getLong(1), rs.getLong(2));
        }
    }

    private NotFoundException modelNotFound(ModelName name) {
        return new NotFoundException("Model '" + name + "' does not exist in " + description);
    }

    private static @Nullable VersionRow versionRow(SqliteSession s, long modelPk, SemanticVersion version)
            throws SQLException {
        PreparedStatement ps = s.prepare(SELECT_VERSION_ROW);
        ps.setLong(1, modelPk);
        ps.setString(2, key(version));
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new VersionRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)) : null;
        }
    }

    private VersionRow requireVersion(SqliteSession s, ModelName model, SemanticVersion version) throws SQLException {
        VersionRow row = versionRow(s, requireModel(s, model), version);
        if (row == null) {
            throw new NotFoundException("Version " + model + "@" + version + " does not exist in " + description);
        }
        return row;
    }

    private static ConflictException staleRevision(String subject, long stored, long expected) {
        return new ConflictException(subject + " was changed concurrently: it is at revision " + stored
                + ", the request was based on revision " + expected + "; re-read it and try again");
    }

    private void expectOneRow(int rows, String operation) {
        if (rows != 1) {
            // The condition was checked in the same write transaction; a mismatch means the schema or a trigger
            // changed under us.
            throw new StorageException("Cannot " + operation + " in " + description + ": expected to change one row,"
                    + " changed " + rows, null);
        }
    }

    private static void writeModelTags(SqliteSession s, long modelPk, Map<String, String> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        PreparedStatement ps = s.prepare(INSERT_MODEL_TAG);
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            ps.setLong(1, modelPk);
            ps.setString(2, tag.getKey());
            ps.setString(3, tag.getValue());
            ps.addBatch();
        }
        ps.executeBatch();
    }

    private static Optional<Model> readModel(SqliteSession s, ModelName name) throws SQLException {
        PreparedStatement ps = s.prepare(SELECT_MODEL_BY_NAME);
        ps.setString(1, name.value());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(model(rs)) : Optional.empty();
        }
    }

    private static Model model(ResultSet rs) throws SQLException {
        return new Model(rs.getString(2), ModelName.of(rs.getString(3)), rs.getString(4), rs.getString(5),
                rs.getString(6), JsonColumns.readObject(rs.getString(7)), JsonColumns.readStrings(rs.getString(8)),
                rs.getString(9), Instant.parse(rs.getString(10)), Instant.parse(rs.getString(11)), rs.getLong(12));
    }

    private static ModelVersion versionByPk(SqliteSession s, long pk, ModelName model) throws SQLException {
        PreparedStatement ps = s.prepare(SELECT_VERSION_BY_PK);
        ps.setLong(1, pk);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("Version row " + pk + " vanished inside its transaction");
            }
            return version(rs, model);
        }
    }

    private static ModelVersion version(ResultSet rs, ModelName model) throws SQLException {
        return new ModelVersion(model, SemanticVersion.parse(rs.getString(2)), new LifecycleState(rs.getString(3)),
                rs.getString(4), new ArtifactSummary(new Sha256(rs.getString(5)), rs.getInt(6), rs.getLong(7)),
                JsonColumns.readDoubles(rs.getString(8)), JsonColumns.readStrings(rs.getString(9)),
                JsonColumns.readStrings(rs.getString(10)), JsonColumns.readLineage(rs.getString(11)),
                rs.getString(12), Instant.parse(rs.getString(13)), Instant.parse(rs.getString(14)), rs.getLong(15));
    }
}
