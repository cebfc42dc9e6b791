package dev.mvm.api.error;

import java.util.List;

/**
 * A promotion rule refused a transition: a metric gate, a required tag or missing approvals. The message
 * lists every unmet rule, not only the first; {@link #unmetRules()} has them one by one.
 *
 * @since 0.1
 */
public class PromotionRejectedException extends MvmException {
    private static final long serialVersionUID = 1L;

    private final List<String> unmetRules;

    /**
     * @param subject what was to be promoted, e.g. {@code "fraud@1.2.0 to PRODUCTION"}
     * @param unmetRules one sentence per unmet rule, saying what was required and what was found
     */
    public PromotionRejectedException(String subject, List<String> unmetRules) {
        super("Cannot promote " + subject + ": " + unmetRules.size() + " rule(s) not met: "
                + String.join("; ", unmetRules));
        this.unmetRules = List.copyOf(unmetRules);
    }

    /** @return every unmet rule, one sentence each */
    public List<String> unmetRules() {
        return unmetRules;
    }
}
