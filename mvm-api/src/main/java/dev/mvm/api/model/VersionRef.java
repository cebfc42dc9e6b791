package dev.mvm.api.model;

import dev.mvm.api.error.ValidationException;

/**
 * A reference to one version of one model, written {@code name@version}, e.g.
 * {@code bert-base-chinese@1.1.0}.
 *
 * @param model the model name
 * @param version the version
 * @since 0.1
 */
public record VersionRef(ModelName model, SemanticVersion version) {
    /**
     * Parses {@code name@version}.
     *
     * @param text the reference
     * @return the reference
     * @throws ValidationException if there is no {@code @} or either side is invalid
     */
    public static VersionRef parse(String text) {
        int at = text == null ? -1 : text.lastIndexOf('@');
        if (at <= 0) {
            throw new ValidationException("ref", "Invalid version reference '" + ModelName.printable(text)
                    + "': expected name@version, e.g. bert-base-chinese@1.1.0");
        }
        return new VersionRef(ModelName.of(text.substring(0, at)), SemanticVersion.parse(text.substring(at + 1)));
    }

    /**
     * @param model the model name
     * @param version the version text
     * @return the reference
     */
    public static VersionRef of(String model, String version) {
        return new VersionRef(ModelName.of(model), SemanticVersion.parse(version));
    }

    @Override
    public String toString() {
        return model + "@" + version;
    }
}
