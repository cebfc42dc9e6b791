package dev.mvm.api.lifecycle;

import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import java.time.Instant;

/**
 * Which version of a model an environment currently serves.
 *
 * @param model the model
 * @param environment the environment
 * @param version the version it points to
 * @param movedBy who set it last
 * @param movedAt when it was set last
 * @since 0.1
 */
public record EnvironmentPointer(ModelName model, EnvironmentName environment, SemanticVersion version,
        String movedBy, Instant movedAt) {
}
