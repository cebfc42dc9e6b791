package dev.mvm.api.lifecycle;

import dev.mvm.api.error.ValidationException;
import java.util.regex.Pattern;

/**
 * The name of a deployment environment a model version can be published to, e.g. {@code production},
 * {@code staging}, {@code prod-eu}: lowercase letters, digits, {@code _} and {@code -}, starting with a
 * letter, at most 63 characters. (These names are also valid MLflow aliases.)
 *
 * @param value the name
 * @since 0.1
 */
public record EnvironmentName(String value) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

    /** The default environment of {@code publish}. */
    public static final EnvironmentName PRODUCTION = new EnvironmentName("production");
    /** A conventional pre-production environment. */
    public static final EnvironmentName STAGING = new EnvironmentName("staging");

    /** @throws ValidationException if the name is not of the allowed form */
    public EnvironmentName {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new ValidationException("environment", "Invalid environment name '" + value
                    + "': use lowercase letters, digits, '_' and '-', starting with a letter, at most 63 characters");
        }
    }

    /**
     * @param value the name
     * @return the environment name
     */
    public static EnvironmentName of(String value) {
        return new EnvironmentName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
