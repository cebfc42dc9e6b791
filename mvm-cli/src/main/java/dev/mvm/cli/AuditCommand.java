package dev.mvm.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.api.audit.AuditOutcome;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.audit.AuditVerification;
import dev.mvm.cli.internal.ExitCode;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Session;
import dev.mvm.cli.internal.Table;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mvm audit query|verify}. */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = "Query and verify the audit trail (hash-chained, append-only).",
        subcommands = {AuditCommand.Query.class, AuditCommand.Verify.class})
final class AuditCommand {

    @Command(name = "query", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"List audit records, oldest first unless --newest-first.",
        "Example: mvm audit query --model fraud --outcome DENIED --limit 50"})
    static final class Query extends RegistryCommand {
        @Option(names = "--model", paramLabel = "NAME", description = "Only records about this model.")
        @Nullable String model;

        @Option(names = "--version", paramLabel = "SEMVER", description = "Only records about this version.")
        @Nullable String version;

        @Option(names = "--principal", paramLabel = "PRINCIPAL", description = "Only records of this principal.")
        @Nullable String principal;

        @Option(names = "--action", paramLabel = "ACTION", description = "Only this action, e.g. version.register.")
        @Nullable String action;

        @Option(names = "--outcome", paramLabel = "OUTCOME", description = "Only ${COMPLETION-CANDIDATES}.")
        @Nullable AuditOutcome outcome;

        @Option(names = "--from", paramLabel = "INSTANT", description = "At or after, e.g. 2026-01-01T00:00:00Z.")
        @Nullable Instant from;

        @Option(names = "--to", paramLabel = "INSTANT", description = "Before this instant.")
        @Nullable Instant to;

        @Option(names = "--after", paramLabel = "SEQUENCE", description = "After this sequence number (paging).")
        long after;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N (default 100).")
        int limit;

        @Option(names = "--newest-first", description = "Newest records first.")
        boolean newestFirst;

        @Override
        int run(Session session) {
            AuditQuery.Builder q = AuditQuery.builder().limit(limit);
            if (model != null) {
                q.model(model);
            }
            if (version != null) {
                q.version(version);
            }
            if (principal != null) {
                q.principal(Session.principal(principal));
            }
            if (action != null) {
                q.action(action);
            }
            if (outcome != null) {
                q.outcome(outcome);
            }
            if (from != null) {
                q.from(from);
            }
            if (to != null) {
                q.to(to);
            }
            if (after > 0) {
                q.after(after);
            }
            if (newestFirst) {
                q.newestFirst();
            }
            List<AuditRecord> records = session.registry().audit().query(q.build());
            session.output().result(() -> JsonViews.array(records, JsonViews::audit), () -> {
                Table t = new Table("SEQ", "TIME", "PRINCIPAL", "ACTION", "TARGET", "OUTCOME");
                records.forEach(r -> t.row(r.sequence(), r.event().timestamp(), r.event().principal(),
                        r.event().action(), r.event().target(), r.event().outcome()));
                return t.isEmpty() ? "No audit records.\n" : t.render();
            });
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Check the audit trail's hash chain; exits with 7 if a record was"
            + " altered, removed or reordered."})
    static final class Verify extends RegistryCommand {
        @Override
        int run(Session session) {
            AuditVerification v = session.registry().audit().verify();
            session.output().result(() -> {
                ObjectNode o = JsonViews.object();
                o.put("intact", v.intact());
                o.put("recordsChecked", v.recordsChecked());
                o.put("lastHash", v.lastHash());
                v.firstViolation().ifPresentOrElse(bad -> {
                    ObjectNode violation = o.putObject("violation");
                    violation.put("sequence", bad.sequence());
                    violation.put("problem", bad.problem().name());
                    violation.put("description", bad.description());
                }, () -> o.putNull("violation"));
                return o;
            }, () -> v.firstViolation().map(bad -> "Audit trail BROKEN at record " + bad.sequence() + " ("
                    + bad.problem() + "): " + bad.description() + "; " + v.recordsChecked() + " records checked")
                    .orElse("Audit trail intact: " + v.recordsChecked() + " records, last hash " + v.lastHash()));
            return v.intact() ? 0 : ExitCode.INTEGRITY.code();
        }
    }
}
