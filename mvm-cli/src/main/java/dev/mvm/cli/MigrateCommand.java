package dev.mvm.cli;

import dev.mvm.cli.internal.Session;
import dev.mvm.cli.internal.Settings;
import dev.mvm.cli.internal.UsageException;
import dev.mvm.migrate.MigrationReport;
import dev.mvm.migrate.RegistryMigration;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mvm migrate --to-registry DIR [--to-mlflow URI] [--to-s3 URI]}. */
@Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Copy everything (models, versions, files, states, pointers and their"
        + " histories, grants, audit) from the selected registry to another; resumable and idempotent, every file"
        + " verified by its digest.",
    "Example: mvm migrate --to-registry /srv/mvm-team --to-mlflow http://mlflow:5000"
            + " --to-s3 's3://models/mvm?region=eu-central-1'"})
final class MigrateCommand extends RegistryCommand {
    @Option(names = "--to-registry", required = true, paramLabel = "DIR",
            description = "The target's registry directory (its embedded stores, audit log and grants).")
    Path toRegistry = Path.of(".");

    @Option(names = "--to-mlflow", paramLabel = "URI", description = "The target's MLflow server for metadata.")
    @Nullable String toMlflow;

    @Option(names = "--to-s3", paramLabel = "URI", description = "The target's S3 location for files.")
    @Nullable String toS3;

    @Option(names = "--to-rbac", description = "The target enforces access control (grants are copied only then).")
    boolean toRbac;

    @Mixin
    CopyOptions copy = new CopyOptions();

    @Override
    int run(Session source) {
        OperatorChecks.requireAdminister(source);
        Settings from = source.settings();
        Settings to = from.elsewhere(toRegistry, toMlflow, toS3, toRbac);
        boolean sameMetadata = from.mlflowUri() == null && to.mlflowUri() == null
                ? from.home().toAbsolutePath().normalize().equals(to.home().toAbsolutePath().normalize())
                : Objects.equals(from.mlflowUri(), to.mlflowUri());
        if (sameMetadata) {
            throw new UsageException("The target is the registry selected as the source; name another with"
                    + " --to-registry (and --to-mlflow / --to-s3)");
        }
        MigrationReport report;
        try (Session target = Session.open(to, source.output(), source.progress(), false, root().environment());
                MigrationProgressTasks progress = new MigrationProgressTasks(source.progress(), "migrate")) {
            try {
                report = RegistryMigration.copy(source.registry(), target.registry(),
                        o -> copy.applyTo(o, progress));
            } catch (RuntimeException e) {
                progress.fail();
                throw e;
            }
        }
        source.output().result(() -> MigrationJson.report(report), () -> MigrationJson.text("Migrated", report));
        return 0;
    }
}
