package dev.mvm.cli;

import dev.mvm.cli.internal.Session;
import dev.mvm.migrate.ArchiveSummary;
import dev.mvm.migrate.MigrationReport;
import dev.mvm.migrate.RegistryArchive;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvm import FILE [--verify-only]}. */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Import an archive made by mvm export into the selected registry; the whole"
        + " archive is checked first, importing twice copies nothing the second time.",
    "Example: mvm --registry /srv/mvm import fraud.mvm.zip"})
final class ImportCommand extends RegistryCommand {
    @Parameters(paramLabel = "FILE", description = "The archive.")
    Path file = Path.of("registry.mvm.zip");

    @Option(names = "--verify-only", description = "Only check the archive completely; import nothing.")
    boolean verifyOnly;

    @Mixin
    CopyOptions copy = new CopyOptions();

    @Override
    int run(Session session) {
        if (verifyOnly) {
            ArchiveSummary summary = RegistryArchive.verify(file);
            session.output().result(() -> MigrationJson.summary(summary), () -> MigrationJson.summaryText(summary));
            return 0;
        }
        OperatorChecks.requireAdminister(session);
        MigrationReport report;
        try (MigrationProgressTasks progress = new MigrationProgressTasks(session.progress(), "import")) {
            try {
                report = RegistryArchive.importInto(file, session.registry(), o -> copy.applyTo(o, progress));
            } catch (RuntimeException e) {
                progress.fail();
                throw e;
            }
        }
        session.output().result(() -> MigrationJson.report(report), () -> MigrationJson.text("Imported", report));
        return 0;
    }
}
