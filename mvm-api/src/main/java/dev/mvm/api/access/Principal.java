package dev.mvm.api.access;

import dev.mvm.api.error.ValidationException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Someone or something that acts on the registry or receives grants: a user, a group of users, or a
 * service account. Written {@code kind:name}, e.g. {@code user:alice}, {@code group:ml-platform},
 * {@code service:trainer}.
 *
 * <p>Names are case-sensitive, 1 to {@value #MAX_NAME_LENGTH} characters of letters and digits (any script,
 * e.g. {@code user:李雷}) and {@code . _ - @ + /}, starting with a letter or digit, so that e-mail addresses
 * and directory paths fit but spaces, colons and control characters do not.
 *
 * @param kind what kind of principal
 * @param name its name within that kind
 * @since 0.1
 */
public record Principal(Kind kind, String name) {
    /** The longest name accepted. */
    public static final int MAX_NAME_LENGTH = 200;

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._@+/-]*");

    /** The kinds of principal. */
    public enum Kind {
        /** A person. */
        USER,
        /** A named set of users and service accounts; membership comes from a {@link GroupResolver}. */
        GROUP,
        /** A program such as a training pipeline or a serving fleet. */
        SERVICE;

        /** @return the prefix used in the text form, e.g. {@code user} */
        public String prefix() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @throws ValidationException if the kind is missing or the name breaks the rules above
     */
    public Principal {
        if (kind == null) {
            throw new ValidationException("principal", "Invalid principal: the kind is missing;"
                    + " allowed: user, group, service");
        }
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new ValidationException("principal", "Invalid " + kind.prefix() + " name '" + printable(name)
                    + "': use 1 to " + MAX_NAME_LENGTH + " letters, digits and . _ - @ + /, starting with a letter"
                    + " or digit");
        }
    }

    /**
     * @param name the user name, e.g. {@code alice} or {@code alice@example.com}
     * @return the user
     * @throws ValidationException if the name is invalid
     */
    public static Principal user(String name) {
        return new Principal(Kind.USER, name);
    }

    /**
     * @param name the group name, e.g. {@code ml-platform}
     * @return the group
     * @throws ValidationException if the name is invalid
     */
    public static Principal group(String name) {
        return new Principal(Kind.GROUP, name);
    }

    /**
     * @param name the service account name, e.g. {@code trainer}
     * @return the service account
     * @throws ValidationException if the name is invalid
     */
    public static Principal service(String name) {
        return new Principal(Kind.SERVICE, name);
    }

    /**
     * Parses the text form {@code kind:name}.
     *
     * @param text e.g. {@code user:alice}
     * @return the principal
     * @throws ValidationException if the prefix is not {@code user}, {@code group} or {@code service}, or
     *     the name is invalid
     */
    public static Principal parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw new ValidationException("principal", "Invalid principal '" + printable(text)
                    + "': expected kind:name with kind user, group or service, e.g. user:alice");
        }
        String prefix = text.substring(0, colon);
        for (Kind k : Kind.values()) {
            if (k.prefix().equals(prefix)) {
                return new Principal(k, text.substring(colon + 1));
            }
        }
        throw new ValidationException("principal", "Invalid principal '" + printable(text) + "': unknown kind '"
                + printable(prefix) + "'; allowed: user, group, service");
    }

    private static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** @return the text form, e.g. {@code user:alice} */
    @Override
    public String toString() {
        return kind.prefix() + ":" + name;
    }
}
