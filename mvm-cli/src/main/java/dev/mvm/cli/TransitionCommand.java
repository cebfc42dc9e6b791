package dev.mvm.cli;

import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Session;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvm transition model@version STATE}. */
@Command(name = "transition", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Move a version to another lifecycle state, if the transition table"
        + " allows it.", "States: DRAFT, STAGING, PRODUCTION, DEPRECATED, ARCHIVED (or the policy's own).",
    "Example: mvm transition fraud@1.2.0 staging --reason \"offline eval ok\""})
final class TransitionCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "REF", description = "model@version or model@environment.")
    String ref = "";

    @Parameters(index = "1", paramLabel = "STATE", description = "The target state (case-insensitive).")
    String state = "";

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why, kept in the state history.")
    String reason = "";

    @Override
    int run(Session session) {
        LifecycleState target = LifecycleState.of(state.strip().toUpperCase(Locale.ROOT));
        ModelVersion v = version(session.registry(), ref).transition(target, reason);
        session.output().result(() -> JsonViews.version(v), () -> "Moved " + v.ref() + " to " + v.state());
        return 0;
    }
}
