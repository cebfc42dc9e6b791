package dev.mvm.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.Download;
import dev.mvm.VersionHandle;
import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Progress;
import dev.mvm.cli.internal.Session;
import dev.mvm.cli.internal.Table;
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

/** {@code mvm versions create|list|show|download}. */
@Command(name = "versions", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = "Create, list, show and download versions.",
        subcommands = {VersionsCommand.Create.class, VersionsCommand.ListVersions.class, VersionsCommand.Show.class,
                VersionsCommand.DownloadVersion.class})
final class VersionsCommand {

    @Command(name = "create", description = {"Register a new version of files (atomic, SHA-256 verified).",
        "Example: mvm versions create fraud out/model --bump MINOR --metric auc=0.93 --param lr=3e-5"})
    static final class Create extends RegistryCommand {
        @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
        String model = "";

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH",
                description = "Files or directories (a directory adds its whole tree).")
        List<Path> paths = new ArrayList<>();

        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A version tag (repeatable).")
        Map<String, String> tags = new LinkedHashMap<>();

        @Mixin
        VersionOptions options = new VersionOptions();

        @Override
        boolean transfersFiles() {
            return true;
        }

        @Override
        int run(Session session) {
            ModelVersion v = options.register(session, session.registry().model(model), paths, tags);
            session.output().result(() -> JsonViews.version(v), () -> "Registered version " + v.ref() + " ("
                    + v.artifacts().fileCount() + " files, " + Progress.format(v.artifacts().totalBytes(),
                            Progress.Unit.BYTES) + ", root " + v.artifacts().root().hex() + ")");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = "List a model's versions in semantic-version order.")
    static final class ListVersions extends RegistryCommand {
        @Parameters(paramLabel = "MODEL", description = "The model.")
        String model = "";

        @Override
        int run(Session session) {
            List<ModelVersion> versions = session.registry().model(model).versions();
            session.output().result(() -> JsonViews.array(versions, JsonViews::version), () -> Views.versions(versions));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = "Show a version: fields, files, state history, environments.")
    static final class Show extends RegistryCommand {
        @Parameters(paramLabel = "REF", description = "model@version or model@environment.")
        String ref = "";

        @Override
        int run(Session session) {
            VersionHandle handle = version(session.registry(), ref);
            ModelVersion v = handle.info();
            ArtifactManifest manifest = handle.manifest();
            List<StateChange> history = handle.stateHistory();
            List<EnvironmentPointer> pointers = session.registry().model(v.model().value()).pointers().stream()
                    .filter(p -> p.version().equals(v.version())).toList();
            session.output().result(() -> {
                ObjectNode o = JsonViews.version(v);
                o.set("files", JsonViews.array(manifest.files(), JsonViews::file));
                o.set("stateHistory", JsonViews.array(history, JsonViews::stateChange));
                o.set("environments", JsonViews.array(pointers, JsonViews::pointer));
                return o;
            }, () -> {
                Table files = new Table("PATH", "SIZE", "SHA-256");
                manifest.files().forEach(f -> files.row(f.path().value(), f.size(), f.sha256().hex()));
                Table states = new Table("AT", "FROM", "TO", "BY", "REASON");
                history.forEach(c -> states.row(c.at(), c.from(), c.to(), c.actor(), Views.blank(c.reason())));
                return Views.version(v) + "\nFiles:\n" + (files.isEmpty() ? "No files.\n" : files.render())
                        + "\nState history:\n" + (states.isEmpty() ? "No state changes.\n" : states.render())
                        + "\nEnvironments:\n" + Views.pointers(pointers);
            });
            return 0;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Download a version's files, re-hashing every byte.",
        "Files already present with the right digest are kept, so the directory can serve as a cache."})
    static final class DownloadVersion extends RegistryCommand {
        @Parameters(paramLabel = "REF", description = "model@version or model@environment.")
        String ref = "";

        @Option(names = {"-o", "--output"}, paramLabel = "DIR",
                description = "Target directory (default: ./<model>-<version>).")
        @Nullable Path output;

        @Override
        boolean transfersFiles() {
            return true;
        }

        @Override
        int run(Session session) {
            VersionHandle handle = version(session.registry(), ref);
            ModelVersion v = handle.info();
            Path target = output != null ? output
                    : Path.of(v.model().value().replace('/', '-') + "-" + v.version());
            Download d;
            Progress.Task task = session.transfer("download " + v.ref(), v.artifacts().totalBytes());
            try {
                d = handle.download(target);
                task.close();
            } finally {
                task.fail();
            }
            session.output().result(() -> {
                ObjectNode o = JsonViews.object();
                o.put("ref", d.version().toString());
                o.put("directory", d.directory().toString());
                o.put("bytesTransferred", d.bytesTransferred());
                o.put("filesReused", d.filesReused());
                o.set("manifest", JsonViews.manifest(d.manifest()));
                return o;
            }, () -> "Downloaded " + d.version() + " to " + d.directory() + ": " + d.manifest().files().size()
                    + " files, " + Progress.format(d.bytesTransferred(), Progress.Unit.BYTES) + " transferred, "
                    + d.filesReused() + " already present");
            return 0;
        }
    }
}
