package dev.mvm.api.query;

/**
 * What a search returns one row for.
 *
 * @since 0.1
 */
public enum SearchScope {
    /** One row per model, read together with its latest version. */
    MODELS,
    /** One row per version, across all models. */
    VERSIONS
}
