package dev.mvm.audit;

import dev.mvm.api.access.Principal;
import dev.mvm.api.audit.AuditEvent;
import dev.mvm.api.audit.AuditOutcome;
import java.time.Instant;
import java.util.Map;

/** Events for tests. */
final class AuditEvents {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private AuditEvents() {
    }

    static AuditEvent event(int i) {
        String model = i % 3 == 0 ? "nlp/bert" : "risk/fraud";
        AuditOutcome outcome = i % 5 == 0 ? AuditOutcome.DENIED : AuditOutcome.ALLOWED;
        return new AuditEvent(T0.plusSeconds(i), Principal.user(i % 2 == 0 ? "alice" : "bob"),
                i % 4 == 0 ? "version.download" : "version.register", "version:" + model + "@1.0." + i, model,
                "1.0." + i, outcome, outcome == AuditOutcome.DENIED ? "Access denied: no grant" : "",
                Map.of("files", Integer.toString(i), "quote\"and\\slash", "line\nbreak \u0001 \u00e9"), "req-" + i);
    }
}
