package dev.mvm.cli;

import dev.mvm.GarbageCollection;
import dev.mvm.cli.internal.DurationConverter;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Progress;
import dev.mvm.cli.internal.Session;
import dev.mvm.gc.GarbageCollectionReport;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mvm gc [--dry-run] [--grace 24h]}. */
@Command(name = "gc", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Delete stored files that no version references, older than the grace period.",
    "Safe while other processes register: a file written within the grace period is never collected.",
    "Needs ADMINISTER when access control is on. Example: mvm gc --dry-run"})
final class GcCommand extends RegistryCommand {
    @Option(names = "--dry-run", description = "Only report what would be deleted and how many bytes it frees.")
    boolean dryRun;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "24h", converter = DurationConverter.class,
            description = "Keep unreferenced files younger than this (default ${DEFAULT-VALUE}; e.g. 30m, 7d, PT36H).")
    Duration grace = Duration.ofHours(24);

    @Override
    int run(Session session) {
        GarbageCollection gc = session.registry().garbageCollection(grace);
        GarbageCollectionReport report;
        Progress.Task task = session.progress().start(dryRun ? "gc (dry run)" : "gc", 0, Progress.Unit.ITEMS);
        try {
            report = dryRun ? gc.dryRun() : gc.collect();
            task.advance(report.blobsScanned());
            task.close();
        } finally {
            task.fail();
        }
        session.output().result(() -> JsonViews.gc(report), () -> (report.dryRun() ? "Dry run: would delete "
                : "Deleted ") + report.collected().size() + " of " + report.blobsScanned() + " stored files, freeing "
                + Progress.format(report.bytesFreed(), Progress.Unit.BYTES) + "; kept " + report.referenced()
                + " referenced by " + report.manifestsRead() + " versions and " + report.sparedAsRecent()
                + " unreferenced ones younger than " + grace);
        return 0;
    }
}
