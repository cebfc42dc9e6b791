package dev.mvm.cli;

import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvm publish model@version [--env production]}. */
@Command(name = "publish", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Point an environment to a version (production by default).",
    "The version first moves into the environment's state if the policy maps one (production -> PRODUCTION).",
    "Example: mvm publish fraud@1.2.0 --env production --reason \"offline eval ok\""})
final class PublishCommand extends RegistryCommand {
    @Parameters(paramLabel = "REF", description = "model@version.")
    String ref = "";

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", defaultValue = "production",
            description = "The environment (default ${DEFAULT-VALUE}).")
    String environment = "production";

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why, kept in the histories.")
    String reason = "";

    @Override
    int run(Session session) {
        PointerMove move = version(session.registry(), ref).publish(environment, reason);
        session.output().result(() -> JsonViews.move(move), () -> "Published " + move.model() + "@" + move.to()
                + " to " + move.environment().value() + (move.from() == null ? "" : " (was " + move.from() + ")"));
        return 0;
    }
}
