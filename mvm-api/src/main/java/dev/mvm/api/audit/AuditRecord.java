package dev.mvm.api.audit;

import dev.mvm.api.error.ValidationException;
import java.util.regex.Pattern;

/**
 * One entry of the audit log: an {@link AuditEvent} with its place in the log and its link in the hash
 * chain. {@link #hash()} is the SHA-256 of the record's canonical form ({@link AuditChain}), which includes
 * {@link #previousHash()}, the hash of the record before it ({@link AuditChain#GENESIS} for the first).
 * Changing, removing or reordering any record therefore breaks the chain at that record.
 *
 * @param sequence the position in the log, from 1, without gaps
 * @param event what happened
 * @param previousHash the previous record's hash, 64 lowercase hex digits
 * @param hash this record's hash, 64 lowercase hex digits
 * @since 0.1
 */
public record AuditRecord(long sequence, AuditEvent event, String previousHash, String hash) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /**
     * @throws ValidationException if the sequence is below 1 or a hash is not 64 lowercase hex digits
     */
    public AuditRecord {
        if (sequence < 1) {
            throw new ValidationException("audit.sequence", "Invalid sequence " + sequence + ": at least 1");
        }
        if (event == null) {
            throw new ValidationException("audit.event", "An audit record needs its event");
        }
        if (previousHash == null || !HEX64.matcher(previousHash).matches() || hash == null
                || !HEX64.matcher(hash).matches()) {
            throw new ValidationException("audit.hash", "Invalid hash in audit record " + sequence
                    + ": hashes are 64 lowercase hex digits");
        }
    }

    /**
     * Creates the record that follows {@code previousHash}, computing its hash.
     *
     * @param sequence its position
     * @param event what happened
     * @param previousHash the hash of the record before, or {@link AuditChain#GENESIS}
     * @return the record
     */
    public static AuditRecord chain(long sequence, AuditEvent event, String previousHash) {
        return new AuditRecord(sequence, event, previousHash, AuditChain.hash(sequence, event, previousHash));
    }

    /** @return whether {@link #hash()} is the hash of this record's content (the record is self-consistent) */
    public boolean hashMatches() {
        return hash.equals(AuditChain.hash(sequence, event, previousHash));
    }
}
