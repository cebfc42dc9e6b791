package dev.mvm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.cli.internal.DurationConverter;
import dev.mvm.cli.internal.ExitCode;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Progress;
import dev.mvm.cli.internal.Session;
import dev.mvm.cli.internal.Settings;
import dev.mvm.cli.internal.UsageException;
import dev.mvm.cli.internal.Table;
import dev.mvm.retention.RetentionAction;
import dev.mvm.retention.RetentionDecision;
import dev.mvm.retention.RetentionPlan;
import dev.mvm.retention.RetentionPolicy;
import dev.mvm.retention.RetentionReport;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mvm retention --keep-last N [--keep-production-within 90d] [--action archive|delete] [--dry-run]}. */
@Command(name = "retention", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Apply a retention policy: keep the last N versions of each model, every"
        + " version in (or recently in) production, everything an environment points to or a kept version depends"
        + " on; archive or delete the rest.",
    "The policy comes from the options, else from the config file keys retention.keep-last,"
            + " retention.keep-production-within, retention.action and retention.reason.",
    "Exits with 1 if some removals failed (each is listed). Example: mvm retention --keep-last 5 --dry-run"})
final class RetentionCommand extends RegistryCommand {
    @Option(names = "--keep-last", paramLabel = "N", description = "Keep each model's N latest versions.")
    @Nullable Integer keepLast;

    @Option(names = "--keep-production-within", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Also keep versions in PRODUCTION or that left it within this period, e.g. 90d.")
    @Nullable Duration keepProductionWithin;

    @Option(names = "--action", paramLabel = "ACTION",
            description = "What happens to the others: ${COMPLETION-CANDIDATES} (default ARCHIVE).")
    @Nullable RetentionAction action;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Recorded with each removal.")
    @Nullable String reason;

    @Option(names = "--dry-run", description = "Only show the plan: what would go and the bytes it frees.")
    boolean dryRun;

    @Override
    int run(Session session) {
        RetentionPolicy policy = policy(session.settings());
        RetentionPlan plan = session.registry().retention(policy).plan();
        if (dryRun) {
            session.output().result(() -> planJson(plan), () -> planText(plan));
            return 0;
        }
        RetentionReport report;
        Progress.Task task = session.progress().start("retention", plan.removals().size(), Progress.Unit.ITEMS);
        try {
            report = session.registry().retention(policy).apply(plan);
            task.advance(report.removed().size() + report.skipped().size() + report.failures().size());
            task.close();
        } finally {
            task.fail();
        }
        session.output().result(() -> {
            ObjectNode o = JsonViews.object();
            o.set("plan", planJson(report.plan()));
            ArrayNode removed = o.putArray("removed");
            report.removed().forEach(r -> removed.add(r.toString()));
            ArrayNode skipped = o.putArray("skipped");
            report.skipped().forEach(r -> skipped.add(r.toString()));
            ArrayNode failures = o.putArray("failures");
            report.failures().forEach(f -> failures.addObject().put("ref", f.version().toString())
                    .put("message", f.message()));
            return o;
        }, () -> {
            StringBuilder b = new StringBuilder((policy.action() == RetentionAction.ARCHIVE ? "Archived " : "Deleted ")
                    + report.removed().size() + " version(s)" + (report.removed().isEmpty() ? "" : ": "
                    + report.removed()) + "; skipped " + report.skipped().size() + "; failed "
                    + report.failures().size() + "\n");
            report.failures().forEach(f -> b.append("  ").append(f.version()).append(": ").append(f.message())
                    .append('\n'));
            return b.toString();
        });
        return report.failures().isEmpty() ? 0 : ExitCode.ERROR.code();
    }

    private RetentionPolicy policy(Settings settings) {
        RetentionPolicy.Builder b = RetentionPolicy.builder();
        Integer last = keepLast;
        if (last == null) {
            last = settings.configValue("retention.keep-last").map(v -> integer("retention.keep-last", v)).orElse(null);
        }
        if (last == null) {
            throw new UsageException("Say how many versions of each model to keep: --keep-last N (or"
                    + " retention.keep-last in the config file); 0 keeps only what pointers, production and lineage"
                    + " protect");
        }
        b.keepLast(last);
        Duration within = keepProductionWithin != null ? keepProductionWithin
                : settings.configValue("retention.keep-production-within").map(v -> new DurationConverter().convert(v))
                        .orElse(null);
        if (within != null) {
            b.keepProductionWithin(within);
        }
        RetentionAction chosen = action != null ? action : settings.configValue("retention.action")
                .map(v -> RetentionAction.valueOf(v.toUpperCase(Locale.ROOT))).orElse(RetentionAction.ARCHIVE);
        b.action(chosen);
        String why = reason != null ? reason : settings.configValue("retention.reason").orElse(null);
        if (why != null) {
            b.reason(why);
        }
        return b.build();
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("Invalid " + key + " '" + value + "' in the config file: expected a whole number");
        }
    }

    private static ObjectNode planJson(RetentionPlan plan) {
        ObjectNode o = JsonViews.object();
        o.put("policy", plan.policy().toString());
        o.put("computedAt", plan.computedAt().toString());
        o.put("bytesFreed", plan.bytesFreed());
        o.put("removals", plan.removals().size());
        o.set("decisions", JsonViews.array(plan.decisions(), RetentionCommand::decision));
        return o;
    }

    private static ObjectNode decision(RetentionDecision d) {
        ObjectNode o = JsonViews.object();
        o.put("ref", d.version().toString());
        o.put("state", d.state().name());
        o.put("bytes", d.bytes());
        o.put("removed", d.removed());
        ArrayNode reasons = o.putArray("keptBecause");
        d.keptBecause().stream().map(Enum::name).sorted().forEach(reasons::add);
        return o;
    }

    private static String planText(RetentionPlan plan) {
        Table t = new Table("VERSION", "STATE", "SIZE", "DECISION");
        String verb = plan.policy().action() == RetentionAction.ARCHIVE ? "archive" : "delete";
        for (RetentionDecision d : plan.decisions()) {
            t.row(d.version(), d.state(), Progress.format(d.bytes(), Progress.Unit.BYTES), d.removed() ? verb
                    : "keep (" + String.join(", ", d.keptBecause().stream().map(r -> r.name().toLowerCase(Locale.ROOT))
                            .sorted().toList()) + ")");
        }
        return (t.isEmpty() ? "No versions.\n" : t.render()) + "Dry run: would " + verb + " " + plan.removals().size()
                + " version(s); deleting them frees " + Progress.format(plan.bytesFreed(), Progress.Unit.BYTES);
    }
}
