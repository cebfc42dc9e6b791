package dev.mvm.api.audit;

import dev.mvm.api.access.Principal;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.Limits;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened, as handed to {@link AuditLog#append}. The log adds the sequence number and the
 * hashes and returns an {@link AuditRecord}.
 *
 * @param timestamp when it happened; truncated to milliseconds
 * @param principal who did it, or tried to
 * @param action what was done, a lowercase dotted name such as {@code version.register} or
 *     {@code access.grant}; 1 to 64 characters of {@code [a-z0-9._-]} starting with a letter
 * @param target what it was done to, e.g. {@code model:nlp/bert}, {@code version:nlp/bert@1.2.0},
 *     {@code namespace:nlp} or {@code global}
 * @param model the model concerned, for queries, or {@code null}
 * @param version the version concerned, for queries, or {@code null}
 * @param outcome allowed, denied or failed
 * @param reason why it was denied or failed, or the reason the principal gave (e.g. for a rollback); may be empty
 * @param details further facts as key/value pairs (from/to states, environment, file count, grant id), sorted
 * @param requestId the id of the request, to correlate the records of one call with the application's logs
 * @since 0.1
 */
public record AuditEvent(Instant timestamp, Principal principal, String action, String target, @Nullable String model,
        @Nullable String version, AuditOutcome outcome, String reason, Map<String, String> details, String requestId) {
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    /**
     * @throws ValidationException if a text breaks the limits above
     */
    public AuditEvent {
        if (timestamp == null || principal == null || outcome == null) {
            throw new ValidationException("audit", "An audit event needs a timestamp, a principal and an outcome");
        }
        timestamp = timestamp.truncatedTo(ChronoUnit.MILLIS);
        if (action == null || !ACTION.matcher(action).matches()) {
            throw new ValidationException("audit.action", "Invalid audit action '" + action + "': 1 to 64"
                    + " characters of [a-z0-9._-], starting with a letter, e.g. version.register");
        }
        Limits.shortText("audit.target", target);
        if (model != null) {
            Limits.shortText("audit.model", model);
        }
        if (version != null) {
            Limits.shortText("audit.version", version);
        }
        Limits.text("audit.reason", reason, Limits.MAX_DESCRIPTION_LENGTH);
        details = java.util.Collections.unmodifiableMap(new TreeMap<>(Limits.tags("audit.details", details)));
        Limits.shortText("audit.requestId", requestId);
        if (requestId.isEmpty()) {
            throw new ValidationException("audit.requestId", "The request id must not be empty");
        }
    }

    /** @return the model concerned, if any */
    public Optional<String> modelName() {
        return Optional.ofNullable(model);
    }

    /** @return the version concerned, if any */
    public Optional<String> versionText() {
        return Optional.ofNullable(version);
    }
}
