package dev.mvm.api.audit;

import dev.mvm.api.error.StorageException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only, hash-chained audit trail. Records are never updated or deleted through this interface.
 *
 * <p>The contract:
 * <ul>
 *   <li>{@link #append} assigns the next sequence number (1, 2, 3, ... without gaps, also with several threads
 *       and processes appending at once), links the record to the previous one and stores it durably before it
 *       returns.
 *   <li>{@link #verify()} recomputes every hash and reports the first record that was altered, removed or
 *       reordered.
 *   <li>Implementations are thread-safe; failures surface as {@code dev.mvm.api.error} exceptions.
 * </ul>
 *
 * @since 0.1
 */
public interface AuditLog extends AutoCloseable {

    /** @return a short description for messages and logs, e.g. {@code sqlite:/srv/mvm/audit.db} */
    String describe();

    /**
     * Appends one event.
     *
     * @param event what happened
     * @return the stored record with its sequence number and hashes
     * @throws StorageException if it could not be stored
     */
    AuditRecord append(AuditEvent event);

    /**
     * Appends several events as consecutive records, all or none.
     *
     * @param events what happened, in order
     * @return the stored records
     * @throws StorageException if they could not be stored
     */
    default List<AuditRecord> appendAll(List<AuditEvent> events) {
        List<AuditRecord> out = new ArrayList<>(events.size());
        for (AuditEvent e : events) {
            out.add(append(e));
        }
        return out;
    }

    /**
     * @param query filters, order, cursor and page size
     * @return at most {@code query.limit()} matching records in the query's order
     */
    List<AuditRecord> query(AuditQuery query);

    /**
     * Checks the whole chain.
     *
     * @return the number of records checked and the first broken link, if any
     */
    AuditVerification verify();

    /**
     * Writes every record matching the query's filters, from its cursor on and ignoring its limit, as JSON
     * Lines: one JSON object per line, UTF-8, {@code \n}-terminated.
     *
     * @param query filters, order and cursor
     * @param out where to write; not closed
     * @return how many records were written
     * @throws UnsupportedOperationException if the implementation cannot export
     * @throws StorageException if reading or writing fails
     */
    default long exportJsonLines(AuditQuery query, OutputStream out) {
        throw new UnsupportedOperationException(getClass().getName() + " does not export JSON Lines");
    }

    /** Releases connections and files. */
    @Override
    void close();
}
