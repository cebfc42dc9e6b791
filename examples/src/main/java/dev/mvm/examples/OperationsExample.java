package dev.mvm.examples;

import dev.mvm.ModelRegistry;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.backup.BackupReport;
import dev.mvm.backup.BackupVerification;
import dev.mvm.backup.RegistryBackup;
import dev.mvm.gc.GarbageCollectionReport;
import dev.mvm.migrate.ArchiveSummary;
import dev.mvm.migrate.MigrationReport;
import dev.mvm.migrate.RegistryArchive;
import dev.mvm.migrate.RegistryMigration;
import dev.mvm.retention.RetentionAction;
import dev.mvm.retention.RetentionDecision;
import dev.mvm.retention.RetentionPlan;
import dev.mvm.retention.RetentionPolicy;
import dev.mvm.retention.RetentionReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The operations example: a registry with a retention policy is cleaned up (dry run, then apply), its
 * unreferenced blobs are collected, it is backed up online, migrated to a second registry, and one model is
 * exported to an archive and imported into a third.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am verify -DskipTests -Dquickstart
 * -Dexample=dev.mvm.examples.OperationsExample}.
 */
public final class OperationsExample {
    private OperationsExample() {
    }

    /**
     * @param args optionally, the working directory (default {@code target/operations})
     * @throws IOException if the working directory cannot be cleared
     */
    public static void main(String[] args) throws IOException {
        Path work = Path.of(args.length > 0 ? args[0] : "target/operations").toAbsolutePath();
        deleteRecursively(work);
        Path dir = work.resolve("registry");

        // snippet:operations-retention
        RetentionPolicy policy = RetentionPolicy.builder()
                .keepLast(2)                                   // the two newest versions of every model
                .keepProductionWithin(Duration.ofDays(90))     // and whatever served production lately
                .action(RetentionAction.DELETE)                // or ARCHIVE (the default)
                .build();
        ModelRegistry registry = ModelRegistry.builder().directory(dir).retentionPolicy(policy).build();
        // end-snippet
        registry.models().register("fraud");
        for (int minor = 0; minor < 5; minor++) {
            registry.model("fraud").newVersion().version("1." + minor + ".0")
                    .content("weights.bin", new byte[1000 * (minor + 1)]).register();
        }
        registry.model("fraud").version("1.0.0").transition(LifecycleState.STAGING, "evaluated");
        registry.model("fraud").version("1.0.0").publish("production");

        // snippet:operations-retention-run
        RetentionPlan plan = registry.retention().plan();           // the dry run: changes nothing
        for (RetentionDecision d : plan.decisions()) {
            System.out.println(d.version() + (d.removed() ? " goes" : " stays: " + d.keptBecause()));
        }
        System.out.println(plan.bytesFreed() + " bytes to free");
        RetentionReport done = registry.retention().apply(plan);    // re-checked, then applied via the facade
        // end-snippet
        System.out.println("removed " + done.removed());

        // snippet:operations-gc
        GarbageCollectionReport preview = registry.garbageCollection(Duration.ofHours(24)).dryRun();
        System.out.println(preview.collected().size() + " blobs, " + preview.bytesFreed() + " bytes collectable");
        GarbageCollectionReport collected = registry.garbageCollection(Duration.ofHours(24)).collect();
        // end-snippet
        System.out.println("collected " + collected.collected().size() + " blobs (all younger than the grace period)");

        // snippet:operations-backup
        BackupReport backup = RegistryBackup.create(dir, work.resolve("backup-2026-11-27"));  // writers may go on
        BackupVerification check = RegistryBackup.verify(work.resolve("backup-2026-11-27"));
        // end-snippet
        System.out.println("backup: " + backup.versions() + " versions, sound=" + check.sound());

        // snippet:operations-migrate
        try (ModelRegistry team = ModelRegistry.local(work.resolve("team"))) {   // e.g. MLflow + S3 stores
            MigrationReport report = RegistryMigration.copy(registry, team,
                    o -> o.progress(p -> System.out.printf("%s %d/%d%n", p.stage(), p.itemsDone(), p.itemsTotal())));
            System.out.println(report);
            MigrationReport again = RegistryMigration.copy(registry, team);  // idempotent: copies nothing
            System.out.println("second run copied nothing: " + again.nothingCopied());
        }
        // end-snippet

        // snippet:operations-archive
        Path archive = work.resolve("fraud.mvm.zip");
        RegistryArchive.export(registry, archive, o -> o.model("fraud"));
        ArchiveSummary contents = RegistryArchive.verify(archive);         // every digest checked
        try (ModelRegistry other = ModelRegistry.local(work.resolve("other"))) {
            RegistryArchive.importInto(archive, other);
        }
        // end-snippet
        System.out.println("archive: " + contents.versions() + " versions, " + contents.bytes() + " bytes");
        registry.close();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
