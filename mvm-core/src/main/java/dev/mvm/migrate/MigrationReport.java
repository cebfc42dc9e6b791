package dev.mvm.migrate;

import java.util.List;
import java.util.Objects;

/**
 * What a migration, export or import copied and what it found already there. Running a migration again after
 * it completed copies nothing: every count moves to {@code skipped}.
 *
 * @param source where the content came from
 * @param target where it went
 * @param models models created, and found already present
 * @param versions versions created, and found already present
 * @param files file contents written, and found already stored (content addressing, or an earlier run)
 * @param bytesCopied bytes of file content written
 * @param stateChanges state history entries replayed, and found already recorded
 * @param pointerMoves pointer history entries replayed, and found already recorded
 * @param roles custom roles defined, and found already defined
 * @param grants grants stored, and found already stored
 * @param auditRecords audit records appended, and found already copied by an earlier run
 * @param warnings what could not be carried over exactly, one sentence each (e.g. a version that exists in
 *     the target with other files, or grants for a target without access control)
 * @since 0.1
 */
public record MigrationReport(String source, String target, Count models, Count versions, Count files,
        long bytesCopied, Count stateChanges, Count pointerMoves, Count roles, Count grants, Count auditRecords,
        List<String> warnings) {

    /**
     * Items copied and items skipped because they were already there.
     *
     * @param copied written by this run
     * @param skipped found already present
     */
    public record Count(long copied, long skipped) {
        /** No items. */
        public static final Count NONE = new Count(0, 0);

        /** @throws IllegalArgumentException if negative */
        public Count {
            if (copied < 0 || skipped < 0) {
                throw new IllegalArgumentException("Counts must not be negative");
            }
        }

        /** @return copied plus skipped */
        public long total() {
            return copied + skipped;
        }

        @Override
        public String toString() {
            return copied + " copied, " + skipped + " skipped";
        }
    }

    /** Copies the warnings. */
    public MigrationReport {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(stateChanges, "stateChanges");
        Objects.requireNonNull(pointerMoves, "pointerMoves");
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(grants, "grants");
        Objects.requireNonNull(auditRecords, "auditRecords");
        warnings = List.copyOf(warnings);
        if (bytesCopied < 0) {
            throw new IllegalArgumentException("bytesCopied must not be negative");
        }
    }

    /** @return whether this run wrote nothing (everything was already there) */
    public boolean nothingCopied() {
        return models.copied() + versions.copied() + files.copied() + stateChanges.copied() + pointerMoves.copied()
                + roles.copied() + grants.copied() + auditRecords.copied() == 0;
    }

    @Override
    public String toString() {
        return "Copied " + source + " to " + target + ": models " + models + "; versions " + versions + "; files "
                + files + " (" + bytesCopied + " bytes); state changes " + stateChanges + "; pointer moves "
                + pointerMoves + "; roles " + roles + "; grants " + grants + "; audit records " + auditRecords
                + (warnings.isEmpty() ? "" : "; " + warnings.size() + " warnings");
    }
}
