package dev.mvm.lifecycle;

import dev.mvm.api.model.Limits;
import java.util.Locale;
import java.util.Optional;

/**
 * A condition a version must meet before it enters a guarded state ({@code PRODUCTION} by default).
 * Declare rules on the registry builder; all rules are checked and every unmet one is reported together in
 * a {@link dev.mvm.api.error.PromotionRejectedException}.
 *
 * <pre>{@code
 * ModelRegistry.builder().directory(dir)
 *     .promotionRule(PromotionRule.metricAtLeastCurrentMinus("accuracy", 0.01))
 *     .promotionRule(PromotionRule.metricAtMostCurrentPlusPercent("latency_ms", 10))
 *     .promotionRule(PromotionRule.requiredTag("reviewed"))
 *     .promotionRule(PromotionRule.approvals(2))
 *     .build();
 * }</pre>
 *
 * <p>Metric gates compare with the version the environment serves now; when it serves none, or that
 * version lacks the metric, there is nothing to compare and the gate passes. A candidate without the
 * metric fails the gate whenever there is something to compare with.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface PromotionRule {
    /**
     * Judges a candidate.
     *
     * @param candidate the version, its incumbent and its approvers
     * @return empty if the rule is met, otherwise one sentence saying what was required and what was found
     */
    Optional<String> unmet(PromotionCandidate candidate);

    /**
     * The candidate's metric must be at least the incumbent's minus {@code maxDrop} (for metrics where
     * higher is better, such as accuracy).
     *
     * @param metric the metric name
     * @param maxDrop how much lower it may be, at least 0
     * @return the rule
     * @throws IllegalArgumentException if {@code maxDrop} is negative or not finite
     */
    static PromotionRule metricAtLeastCurrentMinus(String metric, double maxDrop) {
        Limits.key("metric", metric);
        if (!(maxDrop >= 0) || Double.isInfinite(maxDrop)) {
            throw new IllegalArgumentException("maxDrop must be a finite number >= 0, not " + maxDrop);
        }
        return new MetricGate(metric, false, maxDrop);
    }

    /**
     * The candidate's metric may exceed the incumbent's by at most {@code percent} percent (for metrics
     * where lower is better, such as latency).
     *
     * @param metric the metric name
     * @param percent the largest allowed increase in percent, at least 0
     * @return the rule
     * @throws IllegalArgumentException if {@code percent} is negative or not finite
     */
    static PromotionRule metricAtMostCurrentPlusPercent(String metric, double percent) {
        Limits.key("metric", metric);
        if (!(percent >= 0) || Double.isInfinite(percent)) {
            throw new IllegalArgumentException("percent must be a finite number >= 0, not " + percent);
        }
        return new MetricGate(metric, true, percent);
    }

    /**
     * The candidate must carry a tag.
     *
     * @param key the tag key
     * @return the rule
     */
    static PromotionRule requiredTag(String key) {
        Limits.key("tag", key);
        return c -> c.candidate().tags().containsKey(key) ? Optional.empty()
                : Optional.of("tag '" + key + "' is required but " + c.candidate().ref() + " does not have it");
    }

    /**
     * The candidate must carry a tag with a given value.
     *
     * @param key the tag key
     * @param value the required value
     * @return the rule
     */
    static PromotionRule requiredTag(String key, String value) {
        Limits.key("tag", key);
        return c -> value.equals(c.candidate().tags().get(key)) ? Optional.empty()
                : Optional.of("tag '" + key + "' must be '" + value + "' but is "
                        + java.util.Optional.ofNullable(c.candidate().tags().get(key)).map(v -> "'" + v + "'").orElse("missing"));
    }

    /**
     * The candidate must have been approved by at least {@code count} distinct principals
     * (see {@code VersionHandle.approve}).
     *
     * @param count the number of distinct approvers, at least 1
     * @return the rule
     * @throws IllegalArgumentException if {@code count} is less than 1
     */
    static PromotionRule approvals(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("approvals must be at least 1, not " + count);
        }
        return c -> c.approvers().size() >= count ? Optional.empty()
                : Optional.of(count + " distinct approvals are required but " + c.candidate().ref() + " has "
                        + c.approvers().size() + (c.approvers().isEmpty() ? "" : " " + c.approvers().stream().sorted()
                        .toList()));
    }

    /** A metric compared with the incumbent's. */
    record MetricGate(String metric, boolean lowerIsBetter, double tolerance) implements PromotionRule {
        @Override
        public Optional<String> unmet(PromotionCandidate c) {
            if (c.incumbent() == null || !c.incumbent().metrics().containsKey(metric)) {
                return Optional.empty();
            }
            double current = c.incumbent().metrics().get(metric);
            Double candidate = c.candidate().metrics().get(metric);
            String against = " (" + c.incumbent().ref() + " has " + fmt(current) + ")";
            if (candidate == null) {
                return Optional.of("metric '" + metric + "' is required for comparison but " + c.candidate().ref()
                        + " does not have it" + against);
            }
            if (lowerIsBetter) {
                double limit = current + Math.abs(current) * tolerance / 100.0;
                return candidate <= limit ? Optional.empty() : Optional.of("metric '" + metric + "' must be at most "
                        + fmt(limit) + " (current + " + fmt(tolerance) + "%) but is " + fmt(candidate) + against);
            }
            double limit = current - tolerance;
            return candidate >= limit ? Optional.empty() : Optional.of("metric '" + metric + "' must be at least "
                    + fmt(limit) + " (current - " + fmt(tolerance) + ") but is " + fmt(candidate) + against);
        }

        private static String fmt(double d) {
            return String.format(Locale.ROOT, "%.6g", d).replaceAll("\\.?0+(e|$)", "$1");
        }
    }
}
