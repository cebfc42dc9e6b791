package dev.mvm.backup;

import java.util.List;

/**
 * The result of checking a registry directory (a backup, or a live registry at rest): every version's manifest
 * and every file it lists are present and match their digests.
 *
 * @param versions versions checked
 * @param files files checked (per version, so shared contents count once per version)
 * @param bytes bytes re-hashed
 * @param problems one sentence per missing or damaged manifest or file; empty when the directory is sound
 * @since 0.1
 */
public record BackupVerification(long versions, long files, long bytes, List<String> problems) {
    /** Copies the list. */
    public BackupVerification {
        problems = List.copyOf(problems);
    }

    /** @return whether nothing is missing or damaged */
    public boolean sound() {
        return problems.isEmpty();
    }
}
