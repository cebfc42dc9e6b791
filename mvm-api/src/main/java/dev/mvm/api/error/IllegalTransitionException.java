package dev.mvm.api.error;

import java.util.List;

/**
 * A lifecycle transition that the transition table does not allow. The message names the current state and
 * every allowed target.
 *
 * @since 0.1
 */
public class IllegalTransitionException extends MvmException {
    private static final long serialVersionUID = 1L;

    private final String from;
    private final String to;
    private final List<String> allowed;

    /**
     * @param subject the version, e.g. {@code "fraud@1.2.0"}
     * @param from the current state
     * @param to the requested state
     * @param allowed the states that may follow {@code from}
     */
    public IllegalTransitionException(String subject, String from, String to, List<String> allowed) {
        super("Cannot move " + subject + " from " + from + " to " + to + "; allowed from " + from + ": "
                + (allowed.isEmpty() ? "none" : String.join(", ", allowed)));
        this.from = from;
        this.to = to;
        this.allowed = List.copyOf(allowed);
    }

    /** @return the current state */
    public String from() {
        return from;
    }

    /** @return the requested state */
    public String to() {
        return to;
    }

    /** @return the states the current one may move to */
    public List<String> allowed() {
        return allowed;
    }
}
