package dev.mvm.cli;

import dev.mvm.ModelHandle;
import dev.mvm.VersionDraft;
import dev.mvm.api.model.Bump;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.cli.internal.Progress;
import dev.mvm.cli.internal.Session;
import dev.mvm.cli.internal.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options of a new version, shared by {@code versions create} and {@code models register} (where
 * {@code --tag} means the version's tags and the model's tags respectively, so tags are not among them).
 */
final class VersionOptions {
    /** The standard help options would clash with {@code --version}, the version to register; so only help. */
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", paramLabel = "SEMVER", description = "Explicit version, e.g. 1.0.0 or 2.0.0-rc.1.")
    @Nullable String version;

    @Option(names = "--bump", paramLabel = "PART",
            description = "Bump the highest version: ${COMPLETION-CANDIDATES} (default MINOR).")
    @Nullable Bump bump;

    @Option(names = "--pre-release", paramLabel = "LABEL", description = "Next pre-release with this label, e.g. beta.")
    @Nullable String preRelease;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the version is.")
    @Nullable String description;

    @Option(names = "--metric", paramLabel = "NAME=VALUE", description = "A metric (repeatable), e.g. auc=0.93.")
    Map<String, Double> metrics = new LinkedHashMap<>();

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A parameter (repeatable), e.g. lr=3e-5.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--parent", paramLabel = "SEMVER", description = "The version this one derives from.")
    @Nullable String parent;

    @Option(names = "--depends-on", paramLabel = "MODEL@VERSION", description = "A version of another model it needs"
            + " (repeatable).")
    List<String> dependsOn = new ArrayList<>();

    @Option(names = "--run-id", paramLabel = "ID", description = "The training run that produced it.")
    @Nullable String runId;

    @Option(names = "--dataset", paramLabel = "REF", description = "The data set it was trained on.")
    @Nullable String dataset;

    /**
     * Registers a version of files under the given paths, showing upload progress.
     *
     * @param session the registry
     * @param model the model
     * @param paths directories (their whole tree) or single files
     * @param tags the version's tags
     * @return the registered version
     */
    ModelVersion register(Session session, ModelHandle model, List<Path> paths, Map<String, String> tags) {
        VersionDraft draft = model.newVersion();
        if (version != null) {
            draft.version(version);
        }
        if (preRelease != null) {
            draft.preRelease(preRelease);
        } else if (bump != null) {
            draft.bump(bump);
        }
        if (version != null && (bump != null || preRelease != null)) {
            throw new UsageException("Give either --version or --bump/--pre-release, not both");
        }
        long total = 0;
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                draft.files(p);
                total += treeSize(p);
            } else if (Files.isRegularFile(p)) {
                draft.file(p);
                total += fileSize(p);
            } else {
                throw new UsageException("No such file or directory: " + p);
            }
        }
        if (description != null) {
            draft.description(description);
        }
        draft.metrics(metrics).params(params).tags(tags);
        if (parent != null) {
            draft.parent(parent);
        }
        dependsOn.forEach(draft::dependsOn);
        if (runId != null) {
            draft.runId(runId);
        }
        if (dataset != null) {
            draft.dataset(dataset);
        }
        Progress.Task task = session.transfer("upload " + model.name(), total);
        try {
            ModelVersion registered = draft.register();
            task.close();
            return registered;
        } finally {
            task.fail();
        }
    }

    private static long treeSize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(VersionOptions::fileSize).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }
}
