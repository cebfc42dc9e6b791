package dev.mvm.cli;

import dev.mvm.cli.internal.Session;
import dev.mvm.migrate.MigrationReport;
import dev.mvm.migrate.RegistryArchive;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mvm export FILE [--model NAME]...}. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Export the registry (or some models) to one portable archive file:"
        + " files, manifests, metadata, histories, grants and audit records.",
    "Example: mvm export fraud.mvm.zip --model fraud"})
final class ExportCommand extends RegistryCommand {
    @Parameters(paramLabel = "FILE", description = "The archive to write (replaced if it exists).")
    Path file = Path.of("registry.mvm.zip");

    @Mixin
    CopyOptions copy = new CopyOptions();

    @Override
    int run(Session session) {
        OperatorChecks.requireAdminister(session);
        MigrationReport report;
        try (MigrationProgressTasks progress = new MigrationProgressTasks(session.progress(), "export")) {
            try {
                report = RegistryArchive.export(session.registry(), file, o -> copy.applyTo(o, progress));
            } catch (RuntimeException e) {
                progress.fail();
                throw e;
            }
        }
        session.output().result(() -> MigrationJson.report(report).put("file", file.toString()),
                () -> MigrationJson.text("Exported", report));
        return 0;
    }
}
