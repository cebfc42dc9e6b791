package dev.mvm.access;

import dev.mvm.api.access.AccessPolicyStore;
import dev.mvm.api.access.Grant;
import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.embedded.internal.SqliteConnections;
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
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The embedded {@link AccessPolicyStore}: grants and custom roles in their own SQLite file (by convention
 * {@code <registry dir>/access.db}), in WAL mode, safe for several threads and processes. Each change runs in
 * one {@code BEGIN IMMEDIATE} transaction and increments the policy version, so controllers in other processes
 * notice it.
 *
 * <p>Grants live apart from the audit log on purpose: they change rarely and are read whole, the audit log
 * grows with every operation; either file can be backed up, archived or checked on its own.
 *
 * @since 0.1
 */
public final class SqliteAccessPolicyStore implements AccessPolicyStore {
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);
    private static final int SCHEMA_VERSION = 1;
    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE roles (name TEXT PRIMARY KEY, permissions TEXT NOT NULL)",
            "CREATE TABLE grants (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, principal TEXT NOT NULL,"
                    + " role TEXT NOT NULL, scope TEXT NOT NULL, granted_by TEXT NOT NULL, granted_at TEXT NOT NULL,"
                    + " expires_at TEXT, delegated_from TEXT)",
            "CREATE INDEX grants_delegated_from ON grants (delegated_from)",
            "CREATE TABLE policy_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)",
            "INSERT INTO policy_version (id, version) VALUES (1, 1)");

    private static final String GRANT_COLUMNS =
            "id, principal, role, scope, granted_by, granted_at, expires_at, delegated_from";

    private final SqliteConnections db;
    private final String description;

    private SqliteAccessPolicyStore(Path file) {
        this.description = "sqlite:" + file;
        this.db = SqliteConnections.create(file, description, BUSY_TIMEOUT, 2);
    }

    /**
     * Opens (or creates) a policy store.
     *
     * @param file the database file, e.g. {@code .mvm/access.db}; its directory is created if missing
     * @return the store; close it when done
     * @throws StorageException if the file cannot be opened, or was written by a newer MVM
     */
    public static SqliteAccessPolicyStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StorageException("Cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
        SqliteAccessPolicyStore store = new SqliteAccessPolicyStore(file);
        try {
            store.migrate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private void migrate() {
        db.write("create the access schema", s -> {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                    + " applied_at TEXT NOT NULL)");
            int current;
            try (ResultSet rs = s.prepare("SELECT coalesce(max(version), 0) FROM schema_version").executeQuery()) {
                current = rs.next() ? rs.getInt(1) : 0;
            }
            if (current > SCHEMA_VERSION) {
                throw new StorageException("The access database " + description + " has schema version " + current
                        + ", newer than this MVM supports (" + SCHEMA_VERSION + "); upgrade MVM to open it", null);
            }
            if (current == 0) {
                for (String sql : SCHEMA) {
                    s.execute(sql);
                }
                PreparedStatement ps = s.prepare("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)");
                ps.setInt(1, SCHEMA_VERSION);
                ps.setString(2, Instant.now().toString());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Grant addGrant(Grant grant) {
        return db.write("add grant " + grant.id(), s -> insert(s, grant));
    }

    @Override
    public List<Grant> addGrants(List<Grant> grants) {
        return db.write("add " + grants.size() + " grants", s -> {
            for (Grant g : grants) {
                insert(s, g);
            }
            return List.copyOf(grants);
        });
    }

    private Grant insert(SqliteSession s, Grant grant) throws SQLException {
        checkRole(s, grant.role());
        if (grant.delegatedFrom() != null && !exists(s, grant.delegatedFrom())) {
            throw new ConflictException("Cannot add grant of " + grant.role().name() + " to " + grant.principal()
                    + " at " + grant.scope() + ": the grant it is delegated from (" + grant.delegatedFrom()
                    + ") has been revoked");
        }
        if (exists(s, grant.id())) {
            throw new ConflictException("A grant with id " + grant.id() + " already exists");
        }
        PreparedStatement ps = s.prepare("INSERT INTO grants (" + GRANT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setString(1, grant.id());
        ps.setString(2, grant.principal().toString());
        ps.setString(3, grant.role().name());
        ps.setString(4, grant.scope().toString());
        ps.setString(5, grant.grantedBy().toString());
        ps.setString(6, grant.grantedAt().toString());
        ps.setString(7, grant.expiresAt() == null ? null : grant.expiresAt().toString());
        ps.setString(8, grant.delegatedFrom());
        ps.executeUpdate();
        bumpVersion(s);
        return grant;
    }

    private void checkRole(SqliteSession s, Role role) throws SQLException {
        if (role.isBuiltIn()) {
            return;
        }
        if (Role.builtIn(role.name()).isPresent()) {
            throw new ValidationException("role", "Role '" + role.name() + "' is built in with permissions "
                    + Role.builtIn(role.name()).orElseThrow().permissions() + ", not " + role.permissions());
        }
        Role stored = findRole(s, role.name());
        if (stored == null) {
            throw new ValidationException("role", "Role '" + role.name() + "' is not defined; define it first");
        }
        if (!stored.equals(role)) {
            throw new ValidationException("role", "Role '" + role.name() + "' is defined with permissions "
                    + stored.permissions() + ", not " + role.permissions());
        }
    }

    private static boolean exists(SqliteSession s, String id) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT 1 FROM grants WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private static void bumpVersion(SqliteSession s) throws SQLException {
        s.prepare("UPDATE policy_version SET version = version + 1 WHERE id = 1").executeUpdate();
    }

    @Override
    public List<Grant> revokeGrant(String grantId) {
        return db.write("revoke grant " + grantId, s -> {
            Map<String, Role> roles = roles(s);
            PreparedStatement ps = s.prepare("WITH RECURSIVE chain(id, depth) AS (SELECT id, 0 FROM grants WHERE id = ?"
                    + " UNION SELECT g.id, c.depth + 1 FROM grants g JOIN chain c ON g.delegated_from = c.id)"
                    + " SELECT " + prefixed("g.") + " FROM chain c JOIN grants g ON g.id = c.id"
                    + " ORDER BY c.depth, g.pk");
            ps.setString(1, grantId);
            List<Grant> revoked = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    revoked.add(grant(rs, roles));
                }
            }
            if (revoked.isEmpty()) {
                throw new NotFoundException("No grant with id " + grantId + " exists; it may have been revoked");
            }
            PreparedStatement delete = s.prepare("DELETE FROM grants WHERE id = ?");
            for (Grant g : revoked) {
                delete.setString(1, g.id());
                delete.executeUpdate();
            }
            bumpVersion(s);
            return List.copyOf(revoked);
        });
    }

    @Override
    public Optional<Grant> findGrant(String grantId) {
        return db.read("find grant " + grantId, s -> {
            PreparedStatement ps = s.prepare("SELECT " + GRANT_COLUMNS + " FROM grants WHERE id = ?");
            ps.setString(1, grantId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(grant(rs, roles(s))) : Optional.empty();
            }
        });
    }

    @Override
    public List<Grant> grants() {
        return db.read("list grants", s -> {
            Map<String, Role> roles = roles(s);
            List<Grant> out = new ArrayList<>();
            try (ResultSet rs = s.prepare("SELECT " + GRANT_COLUMNS + " FROM grants ORDER BY pk").executeQuery()) {
                while (rs.next()) {
                    out.add(grant(rs, roles));
                }
            }
            return List.copyOf(out);
        });
    }

    @Override
    public Role defineRole(Role role) {
        if (Role.builtIn(role.name()).isPresent()) {
            throw new ValidationException("role", "Role name '" + role.name() + "' is taken by a built-in role");
        }
        return db.write("define role " + role.name(), s -> {
            Role stored = findRole(s, role.name());
            if (stored != null) {
                if (!stored.equals(role)) {
                    throw new ConflictException("Role '" + role.name() + "' is already defined with permissions "
                            + stored.permissions() + "; roles never change once defined, so define a new name");
                }
                return stored;
            }
            PreparedStatement ps = s.prepare("INSERT INTO roles (name, permissions) VALUES (?, ?)");
            ps.setString(1, role.name());
            ps.setString(2, role.permissions().stream().map(Enum::name).collect(Collectors.joining(",")));
            ps.executeUpdate();
            bumpVersion(s);
            return role;
        });
    }

    @Override
    public List<Role> roles() {
        return db.read("list roles", s -> List.copyOf(roles(s).values().stream()
                .sorted(java.util.Comparator.comparing(Role::name)).toList()));
    }

    @Override
    public long policyVersion() {
        return db.read("read the policy version", s -> {
            try (ResultSet rs = s.prepare("SELECT version FROM policy_version WHERE id = 1").executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "SqliteAccessPolicyStore[" + description + "]";
    }

    private static String prefixed(String prefix) {
        return java.util.Arrays.stream(GRANT_COLUMNS.split(", ")).map(c -> prefix + c)
                .collect(Collectors.joining(", "));
    }

    private static @Nullable Role findRole(SqliteSession s, String name) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT name, permissions FROM roles WHERE name = ?");
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? role(rs) : null;
        }
    }

    private static Map<String, Role> roles(SqliteSession s) throws SQLException {
        Map<String, Role> roles = new HashMap<>();
        try (ResultSet rs = s.prepare("SELECT name, permissions FROM roles").executeQuery()) {
            while (rs.next()) {
                Role r = role(rs);
                roles.put(r.name(), r);
            }
        }
        return roles;
    }

    private static Role role(ResultSet rs) throws SQLException {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String p : rs.getString(2).split(",")) {
            permissions.add(Permission.valueOf(p));
        }
        return new Role(rs.getString(1), permissions);
    }

    private Grant grant(ResultSet rs, Map<String, Role> roles) throws SQLException {
        String roleName = rs.getString(3);
        Role role = Role.builtIn(roleName).orElseGet(() -> roles.get(roleName));
        if (role == null) {
            throw new StorageException("Grant " + rs.getString(1) + " in " + description + " names role '" + roleName
                    + "', which is not defined", null);
        }
        String expires = rs.getString(7);
        return new Grant(rs.getString(1), Principal.parse(rs.getString(2)), role, Scope.parse(rs.getString(4)),
                Principal.parse(rs.getString(5)), Instant.parse(rs.getString(6)),
                expires == null ? null : Instant.parse(expires), rs.getString(8));
    }
}
