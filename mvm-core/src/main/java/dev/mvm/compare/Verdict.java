package dev.mvm.compare;

/**
 * How one version's metric value compares with the baseline's (the first version compared).
 *
 * @since 0.1
 */
public enum Verdict {
    /** This is the baseline. */
    BASELINE,
    /** Better than the baseline in the metric's direction. */
    BETTER,
    /** Worse than the baseline in the metric's direction. */
    WORSE,
    /** The same value. */
    EQUAL,
    /** Different, but the metric's direction is unknown. */
    CHANGED,
    /** This version, or the baseline, has no value for the metric. Never treated as zero. */
    MISSING
}
