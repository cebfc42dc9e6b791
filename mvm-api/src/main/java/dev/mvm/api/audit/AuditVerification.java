package dev.mvm.api.audit;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link AuditLog#verify()}: how many records were checked and, if the chain is broken, the first
 * record that was altered, removed or reordered.
 *
 * @param recordsChecked how many records were read
 * @param lastHash the hash of the last intact record ({@link AuditChain#GENESIS} for an empty log); keep it
 *     outside the log to detect later truncation or rewriting
 * @param violation the first problem found, or {@code null} if the chain is intact
 * @since 0.1
 */
public record AuditVerification(long recordsChecked, String lastHash, @Nullable Violation violation) {

    /** What is wrong with a record. */
    public enum Problem {
        /** The record's content no longer matches its hash, or its hash no longer matches the next record's link. */
        ALTERED,
        /** The record is missing: the sequence has a gap, or the log ends before its recorded head. */
        REMOVED,
        /** The record holds content written for another position. */
        REORDERED
    }

    /**
     * The first broken link.
     *
     * @param sequence the sequence number of the first bad record
     * @param problem what is wrong with it
     * @param description what was expected and what was found
     */
    public record Violation(long sequence, Problem problem, String description) {
    }

    /** @return whether every record is intact and in place */
    public boolean intact() {
        return violation == null;
    }

    /** @return the first problem, if any */
    public Optional<Violation> firstViolation() {
        return Optional.ofNullable(violation);
    }
}
