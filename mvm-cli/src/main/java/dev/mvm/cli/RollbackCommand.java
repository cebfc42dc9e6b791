package dev.mvm.cli;

import dev.mvm.ModelHandle;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Session;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvm rollback model [--env production] [--to version]}. */
@Command(name = "rollback", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Move an environment back, atomically: to the version before its last"
        + " move, or to --to.", "Example: mvm rollback fraud --reason \"latency regression\""})
final class RollbackCommand extends RegistryCommand {
    @Parameters(paramLabel = "MODEL", description = "The model.")
    String model = "";

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", defaultValue = "production",
            description = "The environment (default ${DEFAULT-VALUE}).")
    String environment = "production";

    @Option(names = "--to", paramLabel = "SEMVER", description = "The version to go back to (default: the previous one).")
    @Nullable String to;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why, kept in the histories.")
    String reason = "";

    @Override
    int run(Session session) {
        ModelHandle handle = session.registry().model(model);
        PointerMove move = to != null ? handle.rollback(environment, to, reason) : handle.rollback(environment, reason);
        session.output().result(() -> JsonViews.move(move), () -> "Rolled back " + move.model() + " "
                + move.environment().value() + " from " + move.from() + " to " + move.to());
        return 0;
    }
}
