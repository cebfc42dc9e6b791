package dev.mvm.retention;

import dev.mvm.api.model.VersionRef;
import java.util.List;
import java.util.Objects;

/**
 * What applying a retention plan did.
 *
 * @param plan the plan applied (computed at the start of the run)
 * @param removed the versions archived or deleted, in the order they were
 * @param skipped versions of the plan no longer to remove when their turn came (a fresh plan kept them)
 * @param failures versions whose removal failed; the run went on with the others
 * @since 0.1
 */
public record RetentionReport(RetentionPlan plan, List<VersionRef> removed, List<VersionRef> skipped,
        List<RetentionFailure> failures) {
    /** Copies the lists. */
    public RetentionReport {
        Objects.requireNonNull(plan, "plan");
        removed = List.copyOf(removed);
        skipped = List.copyOf(skipped);
        failures = List.copyOf(failures);
    }

    @Override
    public String toString() {
        return "Retention (" + plan.policy().action().name().toLowerCase(java.util.Locale.ROOT) + "): removed "
                + removed.size() + ", skipped " + skipped.size() + ", failed " + failures.size();
    }
}
