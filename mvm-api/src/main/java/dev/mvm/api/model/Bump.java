package dev.mvm.api.model;

/**
 * Which part of a {@link SemanticVersion} an automatic version increments.
 *
 * @since 0.1
 */
public enum Bump {
    /** Incompatible change: {@code 1.4.2 → 2.0.0}. */
    MAJOR,
    /** Compatible change, such as new weights: {@code 1.4.2 → 1.5.0}. */
    MINOR,
    /** A fix or metadata-only change: {@code 1.4.2 → 1.4.3}. */
    PATCH,
    /**
     * The next pre-release: {@code 1.5.0-rc.1 → 1.5.0-rc.2}; from a release, the next patch's first
     * pre-release: {@code 1.4.2 → 1.4.3-rc.1}.
     */
    PRERELEASE
}
