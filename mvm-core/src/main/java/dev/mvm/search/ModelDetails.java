package dev.mvm.search;

import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelVersion;
import java.util.List;
import java.util.Optional;

/**
 * Everything about one model at a glance: the model, all its versions with their states, and where its
 * environments point.
 *
 * @param model the model
 * @param versions its versions in ascending SemVer precedence, each with its lifecycle state
 * @param environments its set environment pointers, sorted by environment name
 * @since 0.1
 */
public record ModelDetails(Model model, List<ModelVersion> versions, List<EnvironmentPointer> environments) {
    /** Copies the lists. */
    public ModelDetails {
        versions = List.copyOf(versions);
        environments = List.copyOf(environments);
    }

    /** @return the version of highest precedence, if any */
    public Optional<ModelVersion> latest() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /**
     * @param environment an environment name such as {@code production}
     * @return the version it points to, if set
     */
    public Optional<ModelVersion> inEnvironment(String environment) {
        return environments.stream().filter(p -> p.environment().value().equals(environment)).findFirst()
                .flatMap(p -> versions.stream().filter(v -> v.version().hasSamePrecedence(p.version())).findFirst());
    }
}
