package dev.mvm.cli;

import dev.mvm.access.AccessController;
import dev.mvm.access.SqliteAccessPolicyStore;
import dev.mvm.api.access.Grant;
import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.cli.internal.DurationConverter;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Session;
import dev.mvm.cli.internal.Table;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvm grants list|grant|revoke|bootstrap}: role-based access control (needs {@code --rbac}). */
@Command(name = "grants", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Administer grants of roles (needs access control on: --rbac).",
    "Roles: viewer, contributor, publisher, owner, admin, or custom ones. Scopes: global, namespace:<ns>,"
            + " model:<name>."},
        subcommands = {GrantsCommand.ListGrants.class, GrantsCommand.GrantRole.class, GrantsCommand.Revoke.class,
                GrantsCommand.Bootstrap.class})
final class GrantsCommand {

    static String table(List<Grant> grants) {
        Table t = new Table("ID", "PRINCIPAL", "ROLE", "SCOPE", "GRANTED BY", "EXPIRES");
        grants.forEach(g -> t.row(g.id(), g.principal(), g.role().name(), g.scope(), g.grantedBy(), g.expiresAt()));
        return t.isEmpty() ? "No grants.\n" : t.render();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = "List the grants of a principal (default: the acting one), or --all.")
    static final class ListGrants extends RegistryCommand {
        @Parameters(arity = "0..1", paramLabel = "PRINCIPAL", description = "e.g. user:alice or group:ml.")
        @Nullable String principal;

        @Option(names = "--all", description = "Every grant (needs MANAGE_PERMISSIONS globally).")
        boolean all;

        @Override
        int run(Session session) {
            AccessController access = session.requireAccess("grant commands");
            List<Grant> grants;
            if (all) {
                access.check(session.registry().principal(), Permission.MANAGE_PERMISSIONS, Scope.global());
                grants = access.grants();
            } else {
                Principal who = principal != null ? Session.principal(principal) : session.registry().principal();
                grants = session.registry().access().grantsOf(who);
            }
            session.output().result(() -> JsonViews.array(grants, JsonViews::grant), () -> table(grants));
            return 0;
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Grant a role at a scope, delegated from the acting principal's grants.",
        "Example: mvm --rbac --as user:root grants grant user:alice publisher --scope model:fraud --expires 30d"})
    static final class GrantRole extends RegistryCommand {
        @Parameters(index = "0", paramLabel = "PRINCIPAL", description = "Who receives it: user:, group: or service:.")
        String grantee = "";

        @Parameters(index = "1", paramLabel = "ROLE", description = "A built-in or defined role.")
        String role = "";

        @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "global",
                description = "global, namespace:<ns> or model:<name> (default ${DEFAULT-VALUE}).")
        String scope = "global";

        @Option(names = "--expires", paramLabel = "WHEN",
                description = "When it lapses: a duration from now (30d, 12h) or an instant (2027-01-01T00:00:00Z).")
        @Nullable String expires;

        @Override
        int run(Session session) {
            session.requireAccess("grant commands");
            Grant g = session.registry().access().grant(Session.principal(grantee), role(session, role),
                    Scope.parse(scope), expires == null ? null : instant(expires));
            session.output().result(() -> JsonViews.grant(g), () -> "Granted " + g.role().name() + " on " + g.scope()
                    + " to " + g.principal() + " (grant " + g.id() + ")");
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = "Revoke a grant and every grant delegated from it.")
    static final class Revoke extends RegistryCommand {
        @Parameters(paramLabel = "GRANT_ID", description = "The grant's id (see grants list).")
        String id = "";

        @Override
        int run(Session session) {
            AccessController access = session.requireAccess("grant commands");
            if (access.grants().stream().noneMatch(g -> g.id().equals(id))) {
                throw new dev.mvm.api.error.NotFoundException("No grant has the id '" + id + "'; see mvm grants list");
            }
            List<Grant> revoked = session.registry().access().revoke(id);
            session.output().result(() -> JsonViews.array(revoked, JsonViews::grant),
                    () -> "Revoked " + revoked.size() + " grant(s):\n" + table(revoked));
            return 0;
        }
    }

    @Command(name = "bootstrap", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Make the first administrator (admin at global scope) of a registry"
            + " that has no grants yet.", "Example: mvm --rbac grants bootstrap user:root"})
    static final class Bootstrap extends RegistryCommand {
        @Parameters(paramLabel = "PRINCIPAL", description = "The first administrator.")
        String principal = "";

        @Override
        int run(Session session) {
            AccessController access = session.requireAccess("grant commands");
            if (!access.grants().isEmpty()) {
                throw new ConflictException("This registry already has " + access.grants().size() + " grant(s); an"
                        + " administrator grants further roles with mvm grants grant");
            }
            Grant g = access.grantAsSystem(Session.principal(principal), Role.ADMIN, Scope.global(), null);
            session.output().result(() -> JsonViews.grant(g), () -> "Granted admin on global to " + g.principal()
                    + " (grant " + g.id() + ")");
            return 0;
        }
    }

    static Role role(Session session, String name) {
        java.util.Optional<Role> builtIn = Role.builtIn(name);
        if (builtIn.isPresent()) {
            return builtIn.get();
        }
        SqliteAccessPolicyStore policies = session.policies();
        if (policies != null) {
            for (Role r : policies.roles()) {
                if (r.name().equals(name)) {
                    return r;
                }
            }
        }
        throw new ValidationException("role", "Role '" + name + "' is not defined; built-in roles are "
                + Role.builtIns().stream().map(Role::name).toList());
    }

    static Instant instant(String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Instant.now().plus(new DurationConverter().convert(text));
            } catch (CommandLine.TypeConversionException e) {
                throw new ValidationException("expires", "Invalid expiry '" + text + "': expected a duration such as"
                        + " 30d or 12h, or an instant such as 2027-01-01T00:00:00Z");
            }
        }
    }
}
