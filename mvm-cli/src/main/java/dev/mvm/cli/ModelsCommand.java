package dev.mvm.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.ModelHandle;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.spi.ModelListing;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Session;
import dev.mvm.search.ModelDetails;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvm models list|show|register|delete}. */
@Command(name = "models", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = "List, show, register and delete models.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Show.class, ModelsCommand.Register.class,
                ModelsCommand.Delete.class})
final class ModelsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = "List models by name, optionally filtered.")
    static final class ListModels extends RegistryCommand {
        @Option(names = "--prefix", paramLabel = "TEXT", description = "Only names starting with this.")
        @Nullable String prefix;

        @Option(names = "--framework", paramLabel = "NAME", description = "Only this framework.")
        @Nullable String framework;

        @Option(names = "--task", paramLabel = "NAME", description = "Only this task.")
        @Nullable String task;

        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only models with this tag (repeatable).")
        Map<String, String> tags = new LinkedHashMap<>();

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "At most this many (1-1000, default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        int run(Session session) {
            ModelListing listing = ModelListing.all().withLimit(limit);
            if (prefix != null) {
                listing = listing.withNamePrefix(prefix);
            }
            if (framework != null) {
                listing = listing.withFramework(framework);
            }
            if (task != null) {
                listing = listing.withTask(task);
            }
            for (Map.Entry<String, String> t : tags.entrySet()) {
                listing = listing.withTag(t.getKey(), t.getValue());
            }
            List<Model> models = session.registry().models().list(listing);
            session.output().result(() -> JsonViews.array(models, JsonViews::model), () -> Views.models(models));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = "Show a model with its versions and environments.")
    static final class Show extends RegistryCommand {
        @Parameters(paramLabel = "MODEL", description = "The model name.")
        String name = "";

        @Override
        int run(Session session) {
            ModelDetails d = session.registry().details(name);
            session.output().result(() -> {
                ObjectNode o = JsonViews.object();
                o.set("model", JsonViews.model(d.model()));
                o.set("versions", JsonViews.array(d.versions(), JsonViews::version));
                o.set("environments", JsonViews.array(d.environments(), JsonViews::pointer));
                return o;
            }, () -> Views.model(d.model()) + "\nVersions:\n" + Views.versions(d.versions()) + "\nEnvironments:\n"
                    + Views.pointers(d.environments()));
            return 0;
        }
    }

    @Command(name = "register", description = {"Register a model; with files, also its first version.",
        "Example: mvm models register fraud --framework pytorch --tag team=risk out/model --metric auc=0.93"})
    static final class Register extends RegistryCommand {
        @Parameters(index = "0", paramLabel = "MODEL", description = "The unique name, e.g. fraud or risk/fraud.")
        String name = "";

        @Parameters(index = "1..*", paramLabel = "PATH", arity = "0..*",
                description = "Files or directories of a first version (optional).")
        List<Path> paths = new ArrayList<>();

        @Option(names = "--model-description", paramLabel = "TEXT", description = "What the model is.")
        @Nullable String modelDescription;

        @Option(names = "--framework", paramLabel = "NAME", description = "e.g. pytorch, onnx, sklearn.")
        @Nullable String framework;

        @Option(names = "--task", paramLabel = "NAME", description = "e.g. text-classification.")
        @Nullable String task;

        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A model tag (repeatable).")
        Map<String, String> tags = new LinkedHashMap<>();

        @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "A metadata entry (repeatable).")
        Map<String, String> metadata = new LinkedHashMap<>();

        @Mixin
        VersionOptions first = new VersionOptions();

        @Override
        boolean transfersFiles() {
            return true;
        }

        @Override
        int run(Session session) {
            Model model = session.registry().models().register(name, m -> {
                if (modelDescription != null) {
                    m.description(modelDescription);
                }
                if (framework != null) {
                    m.framework(framework);
                }
                if (task != null) {
                    m.task(task);
                }
                m.tags(tags);
                metadata.forEach(m::metadata);
            });
            ModelVersion version = paths.isEmpty() ? null
                    : first.register(session, session.registry().model(name), paths, Map.of());
            session.output().result(() -> {
                ObjectNode o = JsonViews.object();
                o.set("model", JsonViews.model(model));
                if (version != null) {
                    o.set("version", JsonViews.version(version));
                }
                return o;
            }, () -> "Registered model " + model.name() + (version == null ? ""
                    : "\nRegistered version " + version.ref() + " (" + version.artifacts().fileCount() + " files, root "
                            + version.artifacts().root().hex() + ")"));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = "Delete a model and all its versions (unpublish them first).")
    static final class Delete extends RegistryCommand {
        @Parameters(paramLabel = "MODEL", description = "The model name.")
        String name = "";

        @Override
        int run(Session session) {
            ModelHandle model = session.registry().model(name);
            model.delete();
            session.output().result(() -> JsonViews.object().put("deleted", name), () -> "Deleted model " + name);
            return 0;
        }
    }
}
