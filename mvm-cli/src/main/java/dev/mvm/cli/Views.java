package dev.mvm.cli;

import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.cli.internal.Progress;
import dev.mvm.cli.internal.Table;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The human (table) forms shared by several commands. */
final class Views {
    private Views() {
    }

    static String models(List<Model> models) {
        Table t = new Table("NAME", "FRAMEWORK", "TASK", "TAGS", "UPDATED");
        for (Model m : models) {
            t.row(m.name(), blank(m.framework()), blank(m.task()), pairs(m.tags()), m.updatedAt());
        }
        return t.isEmpty() ? "No models.\n" : t.render();
    }

    static String model(Model m) {
        Table t = new Table("FIELD", "VALUE");
        t.row("name", m.name()).row("description", blank(m.description())).row("framework", blank(m.framework()))
                .row("task", blank(m.task())).row("tags", pairs(m.tags())).row("metadata", m.metadata().isEmpty() ? null
                        : m.metadata().toString())
                .row("owner", m.owner()).row("created", m.createdAt()).row("updated", m.updatedAt());
        return t.render();
    }

    static String versions(List<ModelVersion> versions) {
        Table t = new Table("VERSION", "STATE", "FILES", "SIZE", "METRICS", "CREATED");
        for (ModelVersion v : versions) {
            t.row(v.version(), v.state(), v.artifacts().fileCount(),
                    Progress.format(v.artifacts().totalBytes(), Progress.Unit.BYTES), numbers(v.metrics()), v.createdAt());
        }
        return t.isEmpty() ? "No versions.\n" : t.render();
    }

    static String version(ModelVersion v) {
        Table t = new Table("FIELD", "VALUE");
        t.row("ref", v.ref()).row("state", v.state()).row("description", blank(v.description()))
                .row("files", v.artifacts().fileCount() + " (" + Progress.format(v.artifacts().totalBytes(),
                        Progress.Unit.BYTES) + ")")
                .row("root", v.artifacts().root().hex()).row("metrics", numbers(v.metrics()))
                .row("params", pairs(v.params())).row("tags", pairs(v.tags()))
                .row("parent", v.lineage().parent()).row("depends on", v.lineage().dependsOn().isEmpty() ? null
                        : v.lineage().dependsOn().toString())
                .row("run id", v.lineage().runId()).row("dataset", v.lineage().dataset())
                .row("created", v.createdAt() + " by " + v.createdBy());
        return t.render();
    }

    static String pointers(List<EnvironmentPointer> pointers) {
        Table t = new Table("ENVIRONMENT", "VERSION", "MOVED BY", "MOVED AT");
        pointers.forEach(p -> t.row(p.environment().value(), p.version(), p.movedBy(), p.movedAt()));
        return t.isEmpty() ? "No environments set.\n" : t.render();
    }

    static String pairs(Map<String, String> map) {
        return map.isEmpty() ? "-" : map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    static String numbers(Map<String, Double> map) {
        return map.isEmpty() ? "-" : map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    static String blank(String s) {
        return s.isEmpty() ? "-" : s;
    }
}
