package dev.mvm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Progress;
import dev.mvm.migrate.ArchiveSummary;
import dev.mvm.migrate.MigrationReport;

/** The JSON and text forms of migration, export and import reports. */
final class MigrationJson {
    private MigrationJson() {
    }

    static ObjectNode report(MigrationReport r) {
        ObjectNode o = JsonViews.object();
        o.put("source", r.source());
        o.put("target", r.target());
        count(o, "models", r.models());
        count(o, "versions", r.versions());
        count(o, "files", r.files());
        o.put("bytesCopied", r.bytesCopied());
        count(o, "stateChanges", r.stateChanges());
        count(o, "pointerMoves", r.pointerMoves());
        count(o, "roles", r.roles());
        count(o, "grants", r.grants());
        count(o, "auditRecords", r.auditRecords());
        o.put("nothingCopied", r.nothingCopied());
        ArrayNode warnings = o.putArray("warnings");
        r.warnings().forEach(warnings::add);
        return o;
    }

    private static void count(ObjectNode o, String field, MigrationReport.Count c) {
        o.putObject(field).put("copied", c.copied()).put("skipped", c.skipped());
    }

    static String text(String verb, MigrationReport r) {
        StringBuilder b = new StringBuilder(verb + " " + r.source() + " -> " + r.target() + "\n");
        b.append("  models         ").append(r.models()).append('\n');
        b.append("  versions       ").append(r.versions()).append('\n');
        b.append("  files          ").append(r.files()).append(" (")
                .append(Progress.format(r.bytesCopied(), Progress.Unit.BYTES)).append(")\n");
        b.append("  state changes  ").append(r.stateChanges()).append('\n');
        b.append("  pointer moves  ").append(r.pointerMoves()).append('\n');
        b.append("  roles          ").append(r.roles()).append('\n');
        b.append("  grants         ").append(r.grants()).append('\n');
        b.append("  audit records  ").append(r.auditRecords()).append('\n');
        r.warnings().forEach(w -> b.append("  warning: ").append(w).append('\n'));
        return b.toString();
    }

    static ObjectNode summary(ArchiveSummary s) {
        ObjectNode o = JsonViews.object();
        o.put("file", s.file().toString());
        o.put("source", s.source());
        o.put("createdAt", s.createdAt().toString());
        o.put("models", s.models());
        o.put("versions", s.versions());
        o.put("files", s.files());
        o.put("bytes", s.bytes());
        o.put("grants", s.grants());
        o.put("auditRecords", s.auditRecords());
        return o;
    }

    static String summaryText(ArchiveSummary s) {
        return "Archive " + s.file() + " is intact: exported from " + s.source() + " at " + s.createdAt() + "; "
                + s.models() + " models, " + s.versions() + " versions, " + s.files() + " files ("
                + Progress.format(s.bytes(), Progress.Unit.BYTES) + "), " + s.grants() + " grants, " + s.auditRecords()
                + " audit records";
    }
}
