package dev.mvm.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One attempt to deliver one event to a webhook endpoint.
 *
 * @param eventId the event's id (also sent in the {@value WebhookSignature#EVENT_ID_HEADER} header)
 * @param eventType the event's type
 * @param attempt the attempt number, starting at 1
 * @param startedAt when the attempt started
 * @param statusCode the HTTP status, or {@code null} if no response arrived
 * @param error what went wrong without a response (connection reset, timeout), or {@code null}
 * @param duration how long the attempt took
 * @param delivered whether the endpoint accepted the event (a 2xx status)
 * @since 0.1
 */
public record DeliveryAttempt(UUID eventId, String eventType, int attempt, Instant startedAt,
        @Nullable Integer statusCode, @Nullable String error, Duration duration, boolean delivered) {

    /** Checks that no required component is null. */
    public DeliveryAttempt {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
    }

    /** @return the HTTP status, if a response arrived */
    public OptionalInt status() {
        return statusCode == null ? OptionalInt.empty() : OptionalInt.of(statusCode);
    }

    /** @return the error without a response, if any */
    public Optional<String> failure() {
        return Optional.ofNullable(error);
    }
}
