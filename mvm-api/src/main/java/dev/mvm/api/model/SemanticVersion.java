package dev.mvm.api.model;

import dev.mvm.api.error.ValidationException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version as defined by SemVer 2.0.0: {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}.
 *
 * <p>Ordering follows SemVer precedence: numeric core first, a pre-release sorts before its release,
 * pre-release identifiers compare numerically when numeric and lexically otherwise, and build metadata is
 * ignored. Because build metadata is ignored for precedence but kept for identity, {@link #compareTo} is
 * consistent with {@link #equals} only for versions without build metadata; use
 * {@link #hasSamePrecedence} to compare precedence alone.
 *
 * @since 0.1
 */
public final class SemanticVersion implements Comparable<SemanticVersion> {
    /** The longest version text accepted. */
    public static final int MAX_LENGTH = 128;

    private static final String NUMERIC = "0|[1-9]\\d*";
    private static final String PRE_ID = "0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*";
    private static final String BUILD_ID = "[0-9a-zA-Z-]+";
    private static final Pattern SEMVER = Pattern.compile("(" + NUMERIC + ")\\.(" + NUMERIC + ")\\.(" + NUMERIC + ")"
            + "(?:-((?:" + PRE_ID + ")(?:\\.(?:" + PRE_ID + "))*))?"
            + "(?:\\+(" + BUILD_ID + "(?:\\." + BUILD_ID + ")*))?");
    private static final long MAX_PART = Long.MAX_VALUE / 2;

    private final long major;
    private final long minor;
    private final long patch;
    private final List<String> preRelease;
    private final List<String> build;

    private SemanticVersion(long major, long minor, long patch, List<String> preRelease, List<String> build) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.preRelease = List.copyOf(preRelease);
        this.build = List.copyOf(build);
    }

    /**
     * Parses {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}.
     *
     * @param text the version text
     * @return the version
     * @throws ValidationException for anything SemVer 2.0.0 does not allow, e.g. {@code 1.0},
     *     {@code v1.0.0} or {@code 01.0.0}
     */
    public static SemanticVersion parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text, "it is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid(text, "it has " + text.length() + " characters, at most " + MAX_LENGTH + " are allowed");
        }
        Matcher m = SEMVER.matcher(text);
        if (!m.matches()) {
            String why;
            if (text.startsWith("v") || text.startsWith("V")) {
                why = "drop the leading '" + text.charAt(0) + "'";
            } else if (text.matches("\\d+(\\.\\d+)?")) {
                why = "it needs all three parts MAJOR.MINOR.PATCH";
            } else if (text.matches(".*(^|\\.)0\\d.*")) {
                why = "numeric parts must not have leading zeros";
            } else {
                why = "it is not MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]";
            }
            throw invalid(text, why);
        }
        long major = part(text, m.group(1));
        long minor = part(text, m.group(2));
        long patch = part(text, m.group(3));
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        List<String> build = m.group(5) == null ? List.of() : List.of(m.group(5).split("\\."));
        return new SemanticVersion(major, minor, patch, pre, build);
    }

    /**
     * A release version without pre-release or build metadata.
     *
     * @param major major version, at least 0
     * @param minor minor version, at least 0
     * @param patch patch version, at least 0
     * @return the version
     * @throws ValidationException if a part is negative
     */
    public static SemanticVersion of(long major, long minor, long patch) {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new ValidationException("version", "Invalid version " + major + "." + minor + "." + patch
                    + ": parts must not be negative");
        }
        return new SemanticVersion(major, minor, patch, List.of(), List.of());
    }

    private static long part(String text, String digits) {
        BigInteger value = new BigInteger(digits);
        if (value.compareTo(BigInteger.valueOf(MAX_PART)) > 0) {
            throw invalid(text, "a numeric part exceeds " + MAX_PART);
        }
        return value.longValue();
    }

    private static ValidationException invalid(String text, String why) {
        return new ValidationException("version", "Invalid semantic version '" + ModelName.printable(text) + "': "
                + why + ". Expected MAJOR.MINOR.PATCH as in SemVer 2.0.0, e.g. 1.0.0, 2.1.0-rc.1, 1.0.0+build.5.");
    }

    /** @return the major part */
    public long major() {
        return major;
    }

    /** @return the minor part */
    public long minor() {
        return minor;
    }

    /** @return the patch part */
    public long patch() {
        return patch;
    }

    /** @return the dot-separated pre-release identifiers, empty for a release */
    public List<String> preRelease() {
        return preRelease;
    }

    /** @return the dot-separated build metadata identifiers, possibly empty */
    public List<String> build() {
        return build;
    }

    /** @return whether this is a pre-release such as {@code 1.0.0-rc.1} */
    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /**
     * The next version for the given bump. Build metadata is dropped.
     *
     * <ul>
     *   <li>{@code MAJOR}: {@code 1.4.2 → 2.0.0}; {@code 2.0.0-rc.1 → 2.0.0} (releases the pre-release)
     *   <li>{@code MINOR}: {@code 1.4.2 → 1.5.0}; {@code 1.5.0-rc.1 → 1.5.0}
     *   <li>{@code PATCH}: {@code 1.4.2 → 1.4.3}; {@code 1.4.3-rc.1 → 1.4.3}
     *   <li>{@code PRERELEASE}: {@code 1.4.2 → 1.4.3-rc.1}; {@code 1.5.0-rc.1 → 1.5.0-rc.2};
     *       {@code 1.5.0-beta → 1.5.0-beta.1}
     * </ul>
     *
     * @param bump which part to increment
     * @return the next version
     */
    public SemanticVersion next(Bump bump) {
        Objects.requireNonNull(bump, "bump");
        switch (bump) {
            case MAJOR:
                if (isPreRelease() && minor == 0 && patch == 0) {
                    return of(major, 0, 0);
                }
                return of(major + 1, 0, 0);
            case MINOR:
                if (isPreRelease() && patch == 0) {
                    return of(major, minor, 0);
                }
                return of(major, minor + 1, 0);
            case PATCH:
                return isPreRelease() ? of(major, minor, patch) : of(major, minor, patch + 1);
            case PRERELEASE:
                return nextPreRelease("rc");
            default:
                throw new IllegalArgumentException("Unknown bump " + bump);
        }
    }

    /**
     * The next pre-release with the given label: {@code 1.4.2 → 1.4.3-<label>.1},
     * {@code 1.4.3-<label>.1 → 1.4.3-<label>.2}; a pre-release with another label moves to
     * {@code <label>.1} of the same core, when that sorts higher, else to the next patch.
     *
     * @param label the pre-release label, e.g. {@code rc}, {@code beta}
     * @return the next pre-release
     * @throws ValidationException if the label is not a SemVer identifier
     */
    public SemanticVersion nextPreRelease(String label) {
        if (label == null || !label.matches("[0-9A-Za-z-]+") || label.matches("\\d+")) {
            throw new ValidationException("preRelease", "Invalid pre-release label '" + ModelName.printable(label)
                    + "': use letters, digits and '-', not only digits, e.g. rc, beta, alpha");
        }
        if (!isPreRelease()) {
            return new SemanticVersion(major, minor, patch + 1, List.of(label, "1"), List.of());
        }
        if (preRelease.get(0).equals(label)) {
            List<String> ids = new ArrayList<>(preRelease);
            String last = ids.get(ids.size() - 1);
            if (ids.size() > 1 && last.matches("0|[1-9]\\d*") && last.length() < 18) {
                ids.set(ids.size() - 1, Long.toString(Long.parseLong(last) + 1));
            } else {
                ids.add("1");
            }
            return new SemanticVersion(major, minor, patch, ids, List.of());
        }
        SemanticVersion sameCore = new SemanticVersion(major, minor, patch, List.of(label, "1"), List.of());
        if (sameCore.compareTo(this) > 0) {
            return sameCore;
        }
        return new SemanticVersion(major, minor, patch + 1, List.of(label, "1"), List.of());
    }

    /**
     * This version without build metadata. Registries key versions by it: {@code 1.0.0+a} and
     * {@code 1.0.0+b} are the same version of a model.
     *
     * @return the version with an empty {@link #build()}
     */
    public SemanticVersion withoutBuild() {
        return build.isEmpty() ? this : new SemanticVersion(major, minor, patch, preRelease, List.of());
    }

    /**
     * @param other another version
     * @return whether both have the same precedence (equal apart from build metadata)
     */
    public boolean hasSamePrecedence(SemanticVersion other) {
        return compareTo(other) == 0;
    }

    /** Orders by SemVer 2.0.0 precedence; build metadata is ignored. */
    @Override
    public int compareTo(SemanticVersion other) {
        int c = Long.compare(major, other.major);
        if (c == 0) {
            c = Long.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, other.patch);
        }
        if (c != 0) {
            return c;
        }
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        int n = Math.min(preRelease.size(), other.preRelease.size());
        for (int i = 0; i < n; i++) {
            c = compareIdentifiers(preRelease.get(i), other.preRelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    private static int compareIdentifiers(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit);
        boolean bn = b.chars().allMatch(Character::isDigit);
        if (an && bn) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return a.compareTo(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SemanticVersion v && major == v.major && minor == v.minor && patch == v.patch
                && preRelease.equals(v.preRelease) && build.equals(v.build);
    }

    @Override
    public int hashCode() {
        return Objects.hash(major, minor, patch, preRelease, build);
    }

    /** @return the canonical text, e.g. {@code 1.2.0-rc.1+build.7} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
        if (!preRelease.isEmpty()) {
            sb.append('-').append(String.join(".", preRelease));
        }
        if (!build.isEmpty()) {
            sb.append('+').append(String.join(".", build));
        }
        return sb.toString();
    }
}
