package dev.mvm.cli;

import dev.mvm.migrate.MigrationOptions;
import dev.mvm.migrate.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What a migration, export or import copies: {@code --model}, {@code --no-grants}, {@code --no-audit}. */
final class CopyOptions {
    @Option(names = "--model", paramLabel = "NAME", description = "Only this model (repeatable; default: all).")
    List<String> models = new ArrayList<>();

    @Option(names = "--no-grants", description = "Do not copy custom roles and grants.")
    boolean noGrants;

    @Option(names = "--no-audit", description = "Do not copy audit records.")
    boolean noAudit;

    void applyTo(MigrationOptions.Builder options, ProgressListener progress) {
        models.forEach(options::model);
        options.grants(!noGrants).audit(!noAudit).progress(progress);
    }
}
