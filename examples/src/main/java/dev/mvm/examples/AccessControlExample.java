package dev.mvm.examples;

import dev.mvm.access.AccessController;
import dev.mvm.access.AuditTarget;
import dev.mvm.access.AuditedAccess;
import dev.mvm.access.Operation;
import dev.mvm.access.SqliteAccessPolicyStore;
import dev.mvm.api.access.Grant;
import dev.mvm.api.access.GroupResolver;
import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.audit.AuditOutcome;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.audit.AuditVerification;
import dev.mvm.api.error.AccessDeniedException;
import dev.mvm.api.model.ModelName;
import dev.mvm.audit.SqliteAuditLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Role-based access control and the audit log on their own: a platform administrator, a team that owns a
 * namespace through a group, a training service with an expiring grant, a denied publish, and a verified,
 * exported audit trail.
 *
 * <p>Run it with {@code java -cp ... dev.mvm.examples.AccessControlExample [work dir]}.
 */
public final class AccessControlExample {
    private AccessControlExample() {
    }

    /**
     * @param args optionally, the working directory (default {@code target/access-example})
     * @throws IOException if the export cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/access-example").toAbsolutePath();
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("access.db"));
        Files.deleteIfExists(dir.resolve("audit.db"));
        Principal root = Principal.user("root");
        Principal alice = Principal.user("alice");
        Principal trainer = Principal.service("trainer");
        Map<Principal, Set<Principal>> directory = Map.of(alice, Set.of(Principal.group("nlp")));

        // snippet:access-setup
        try (SqliteAccessPolicyStore policy = SqliteAccessPolicyStore.open(dir.resolve("access.db"));
                SqliteAuditLog audit = SqliteAuditLog.open(dir.resolve("audit.db"))) {
            AccessController access = AccessController.rbac(policy)
                    .groups(GroupResolver.of(directory))      // or your directory: p -> ldap.groupsOf(p)
                    .build();

            // Setup code creates the first administrator; everything else is delegated from there.
            access.grantAsSystem(root, Role.ADMIN, Scope.global(), null);
            access.grant(root, Principal.group("nlp"), Role.OWNER, Scope.namespace("nlp"), null);

            // alice owns nlp/* through her group and may hand out what she holds there, for a while.
            Grant trainerGrant = access.grant(alice, trainer, Role.CONTRIBUTOR, Scope.model("nlp/bert"),
                    Instant.now().plus(Duration.ofDays(30)));

            boolean mayRegister = access.isAllowed(trainer, Permission.CREATE_VERSION, ModelName.of("nlp/bert"));
            boolean mayPublish = access.isAllowed(trainer, Permission.TRANSITION, ModelName.of("nlp/bert"));
            // end-snippet
            System.out.println("trainer may register versions of nlp/bert: " + mayRegister);
            System.out.println("trainer may publish nlp/bert: " + mayPublish);
            System.out.println("trainer's grant " + trainerGrant.id() + " is delegated from "
                    + trainerGrant.delegatedFrom());

            // snippet:audited-call
            AuditedAccess pipeline = new AuditedAccess(access, audit, Clock.systemUTC());
            try {
                pipeline.run(trainer, "req-42", Operation.POINTER_PUBLISH,
                        AuditTarget.model(ModelName.of("nlp/bert")).with("environment", "production"),
                        () -> { /* the registry call would go here */ });
            } catch (AccessDeniedException e) {
                System.out.println(e.getMessage()); // names user, permission and model; audited as DENIED
            }
            // end-snippet

            // snippet:audit-verify
            List<AuditRecord> denied = audit.query(AuditQuery.builder()
                    .model("nlp/bert").outcome(AuditOutcome.DENIED).limit(50).build());

            AuditVerification check = audit.verify();
            if (!check.intact()) {
                throw new IllegalStateException("Audit log tampered with: " + check.violation());
            }
            String anchor = check.lastHash();   // keep it elsewhere to detect a rewritten tail later

            try (OutputStream out = Files.newOutputStream(dir.resolve("audit.jsonl"))) {
                audit.exportJsonLines(AuditQuery.all(), out);
            }
            // end-snippet
            System.out.println("denied records for nlp/bert: " + denied.size());
            System.out.println("audit chain intact over " + check.recordsChecked() + " records, last hash "
                    + anchor.substring(0, 12));
            List<Grant> revoked = access.revoke(root, trainerGrant.delegatedFrom());
            System.out.println("revoking the nlp owners' grant revoked " + revoked.size() + " grants");
        }
    }
}
