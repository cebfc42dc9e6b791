package dev.mvm.cli;

import dev.mvm.ModelHandle;
import dev.mvm.ModelRegistry;
import dev.mvm.VersionHandle;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.cli.internal.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A command that runs against the registry: opens it, runs, closes it. */
abstract class RegistryCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** @return the top command, holding the global options */
    Mvm root() {
        return (Mvm) spec.root().userObject();
    }

    @Override
    public final Integer call() throws Exception {
        try (Session session = root().openSession(transfersFiles())) {
            return run(session);
        }
    }

    /** @return whether the command uploads or downloads files and shows their progress */
    boolean transfersFiles() {
        return false;
    }

    /**
     * @param session the open registry
     * @return the exit status
     * @throws Exception if the command fails; the exception decides the exit status
     */
    abstract int run(Session session) throws Exception;

    /**
     * Finds a version by {@code model@version} or {@code model@environment} (the version the environment
     * points to now).
     *
     * @param registry the registry
     * @param ref the reference
     * @return the version's operations
     * @throws ValidationException if the reference is malformed
     * @throws dev.mvm.api.error.NotFoundException if the environment is not set
     */
    static VersionHandle version(ModelRegistry registry, String ref) {
        int at = ref.lastIndexOf('@');
        if (at <= 0 || at == ref.length() - 1) {
            throw new ValidationException("ref", "Invalid version reference '" + ref
                    + "': expected model@version (e.g. fraud@1.2.0) or model@environment (e.g. fraud@production)");
        }
        ModelHandle model = registry.model(ref.substring(0, at));
        String rest = ref.substring(at + 1);
        if (Character.isDigit(rest.charAt(0))) {
            return model.version(SemanticVersion.parse(rest));
        }
        EnvironmentName.of(rest);
        return model.resolve(rest);
    }
}
