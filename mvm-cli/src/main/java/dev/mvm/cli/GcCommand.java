package dev.mvm.cli;

import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Scope;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.ModelListing;
import dev.mvm.api.spi.RegistryStore;
import dev.mvm.api.spi.SupportsGarbageCollection;
import dev.mvm.cli.internal.DurationConverter;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Progress;
import dev.mvm.cli.internal.Session;
import dev.mvm.cli.internal.UsageException;
import dev.mvm.gc.GarbageCollectionReport;
import dev.mvm.gc.GarbageCollector;
import dev.mvm.gc.ManifestReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mvm gc [--dry-run] [--grace 24h]}. */
@Command(name = "gc", description = {"Delete stored files that no version references, older than the grace period.",
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
        if (session.access() != null) {
            session.access().check(session.registry().principal(), Permission.ADMINISTER, Scope.global());
        }
        ArtifactStore store = session.artifactStore();
        if (!(store instanceof SupportsGarbageCollection)) {
            throw new UsageException("The artifact store " + store.describe() + " does not support garbage collection");
        }
        GarbageCollector collector = GarbageCollector.forStore(store).gracePeriod(grace).build();
        RegistryStore metadata = session.registry().registryStore();
        java.util.function.Supplier<List<ManifestReference>> references = () -> {
            List<ManifestReference> refs = new ArrayList<>();
            Progress.Task task = session.progress().start("gc: reading versions", 0, Progress.Unit.ITEMS);
            try {
                ModelListing page = ModelListing.all().withLimit(ModelListing.MAX_LIMIT);
                while (true) {
                    List<Model> models = metadata.listModels(page);
                    for (Model m : models) {
                        for (ModelVersion v : metadata.listVersions(m.name())) {
                            refs.add(new ManifestReference(v.model(), v.version(), v.artifacts().root()));
                            task.advance(1);
                        }
                    }
                    if (models.size() < page.limit()) {
                        break;
                    }
                    page = page.withAfter(models.get(models.size() - 1).name());
                }
                task.close();
            } finally {
                task.fail();
            }
            return refs;
        };
        GarbageCollectionReport report = dryRun ? collector.dryRun(references) : collector.collect(references);
        session.output().result(() -> JsonViews.gc(report), () -> (report.dryRun() ? "Dry run: would delete "
                : "Deleted ") + report.collected().size() + " of " + report.blobsScanned() + " stored files, freeing "
                + Progress.format(report.bytesFreed(), Progress.Unit.BYTES) + "; kept " + report.referenced()
                + " referenced by " + report.manifestsRead() + " versions and " + report.sparedAsRecent()
                + " unreferenced ones younger than " + grace);
        return 0;
    }
}
