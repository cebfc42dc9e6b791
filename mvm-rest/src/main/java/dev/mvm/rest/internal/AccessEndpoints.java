package dev.mvm.rest.internal;

import dev.mvm.api.access.Grant;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.audit.AuditOutcome;
import dev.mvm.api.audit.AuditQuery;
import dev.mvm.api.audit.AuditRecord;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Grants and the audit trail. */
final class AccessEndpoints {

    void list(Call c) throws IOException {
        c.onlyQuery(Set.of("principal"));
        String who = c.query("principal");
        Principal p = who == null ? c.principal() : Principal.parse(who);
        List<Grant> grants = c.registry().access().grantsOf(p);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("principal", p.toString());
        out.put("grants", grants.stream().map(Views::grant).toList());
        RestApi.sendJson(c.exchange(), 200, out);
    }

    void grant(Call c) throws IOException {
        JsonBody b = c.json("grant", Set.of("principal", "role", "scope", "expires_at"));
        Principal grantee = Principal.parse(b.requiredText("principal"));
        String roleName = b.requiredText("role");
        Role role = Role.builtIn(roleName.toLowerCase(Locale.ROOT)).orElseThrow(() -> ApiException.validation("role",
                "Unknown role '" + Call.printable(roleName) + "'; allowed: " + String.join(", ",
                        Role.builtIns().stream().map(Role::name).toList())));
        Scope scope = Scope.parse(b.text("scope", "global"));
        String expires = b.text("expires_at");
        Grant g = c.registry().access().grant(grantee, role, scope, expires == null ? null : instant("expires_at", expires));
        c.exchange().getResponseHeaders().set("Location", RestApi.BASE + "/grants/" + g.id());
        RestApi.sendJson(c.exchange(), 201, Views.grant(g));
    }

    void revoke(Call c) throws IOException {
        List<Grant> revoked = c.registry().access().revoke(c.path("grant_id"));
        RestApi.sendJson(c.exchange(), 200, Map.of("revoked", revoked.stream().map(Views::grant).toList()));
    }

    void audit(Call c) throws IOException {
        c.onlyQuery(Set.of("model_id", "version", "principal", "action", "outcome", "from", "to", "after", "limit",
                "order"));
        AuditQuery.Builder q = AuditQuery.builder();
        if (c.query("model_id") != null) {
            q.model(c.query("model_id", ""));
        }
        if (c.query("version") != null) {
            q.version(c.query("version", ""));
        }
        if (c.query("principal") != null) {
            q.principal(Principal.parse(c.query("principal", "")));
        }
        if (c.query("action") != null) {
            q.action(c.query("action", ""));
        }
        if (c.query("outcome") != null) {
            String o = c.query("outcome", "");
            try {
                q.outcome(AuditOutcome.valueOf(o.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiException.validation("outcome", "Invalid outcome '" + Call.printable(o)
                        + "'; allowed: allowed, denied, failed");
            }
        }
        if (c.query("from") != null) {
            q.from(instant("from", c.query("from", "")));
        }
        if (c.query("to") != null) {
            q.to(instant("to", c.query("to", "")));
        }
        if (c.query("after") != null) {
            try {
                q.after(Long.parseLong(c.query("after", "")));
            } catch (NumberFormatException e) {
                throw ApiException.validation("after", "Query parameter 'after' must be a sequence number");
            }
        }
        String order = c.query("order", "asc");
        if (order.equals("desc")) {
            q.newestFirst();
        } else if (!order.equals("asc")) {
            throw ApiException.validation("order", "Query parameter 'order' must be asc or desc");
        }
        Integer limit = c.intQuery("limit", 1, AuditQuery.MAX_LIMIT);
        int max = limit == null ? AuditQuery.DEFAULT_LIMIT : limit;
        q.limit(max);
        List<AuditRecord> records = c.registry().audit().query(q.build());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("records", records.stream().map(Views::audit).toList());
        out.put("next_after", records.size() == max ? records.get(records.size() - 1).sequence() : null);
        RestApi.sendJson(c.exchange(), 200, out);
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.validation(field, "'" + field + "' must be an ISO-8601 instant such as"
                    + " 2026-06-15T10:00:00Z, not '" + Call.printable(text) + "'");
        }
    }
}
