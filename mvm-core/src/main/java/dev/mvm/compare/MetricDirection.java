package dev.mvm.compare;

/**
 * Whether a larger value of a metric is better.
 *
 * @since 0.1
 */
public enum MetricDirection {
    /** Larger is better: accuracy, precision, recall, F1, AUC. */
    HIGHER_IS_BETTER,
    /** Smaller is better: loss, error, latency, size. */
    LOWER_IS_BETTER,
    /** Not known: values are compared, no side is called better. */
    UNKNOWN
}
