package dev.mvm.mlflow.internal;

import dev.mvm.api.model.ModelVersion;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A model version as MLflow holds it: its MLflow version number, all its tags, the precedence key it
 * claims, the client token of the call that created it, and the MVM value decoded from it.
 *
 * @param number MLflow's version number
 * @param key the precedence key ({@code mvm.key}, or {@code N.0.0} for a version MVM did not create)
 * @param createToken the creating call's token, if MVM created it
 * @param tags every tag
 * @param value the decoded version
 * @param mlflowCreated MLflow's creation time of the version, epoch milliseconds (0 if unknown)
 */
public record StoredVersion(long number, String key, @Nullable String createToken, Map<String, String> tags,
        ModelVersion value, long mlflowCreated) {
}
