package dev.mvm.api.lifecycle;

import dev.mvm.api.error.ValidationException;
import java.util.regex.Pattern;

/**
 * A version's lifecycle state. The five built-in states are constants; a registry built with its own
 * transition table may use other names of the same form: upper-case letters, digits and {@code _},
 * starting with a letter, at most 32 characters.
 *
 * @param name the state name, e.g. {@code PRODUCTION}
 * @since 0.1
 */
public record LifecycleState(String name) {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

    /** Registered, not yet reviewed. The state every new version starts in. */
    public static final LifecycleState DRAFT = new LifecycleState("DRAFT");
    /** Under evaluation before production. */
    public static final LifecycleState STAGING = new LifecycleState("STAGING");
    /** Serving. */
    public static final LifecycleState PRODUCTION = new LifecycleState("PRODUCTION");
    /** Still usable, scheduled to go. */
    public static final LifecycleState DEPRECATED = new LifecycleState("DEPRECATED");
    /** Kept for the record, not to be served. */
    public static final LifecycleState ARCHIVED = new LifecycleState("ARCHIVED");

    /** @throws ValidationException if the name is not of the allowed form */
    public LifecycleState {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationException("state", "Invalid lifecycle state '" + name
                    + "': use upper-case letters, digits and '_', starting with a letter, at most 32 characters");
        }
    }

    /**
     * @param name a state name; lower case is accepted and upper-cased
     * @return the state
     */
    public static LifecycleState of(String name) {
        return new LifecycleState(name == null ? null : name.toUpperCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return name;
    }
}
