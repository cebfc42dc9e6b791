package dev.mvm.inspect;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.inspect.FileStructure;
import dev.mvm.api.inspect.ModelFiles;
import dev.mvm.api.inspect.ModelStructure;
import dev.mvm.api.inspect.StructureInspector;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.inspect.internal.LocalModelFiles;
import dev.mvm.inspect.internal.StoredModelFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Reads the structure of a whole model version with a set of {@link StructureInspector}s: every file some
 * inspector supports is inspected (index files first; the files an index covers are not inspected again),
 * the rest are listed as uninspected. Only headers are read, through range reads.
 *
 * <pre>{@code
 * StructureReader reader = StructureReader.loadDefault();
 * ModelStructure s = reader.read(registry.artifactStore(), version);
 * long parameters = s.parameterCount();
 * }</pre>
 *
 * @since 0.1
 */
public final class StructureReader {
    private final List<StructureInspector> inspectors;

    private StructureReader(List<StructureInspector> inspectors) {
        this.inspectors = List.copyOf(inspectors);
    }

    /**
     * Finds inspectors with {@link ServiceLoader} on this class's class loader: the four built-in ones plus
     * any other listed in {@code META-INF/services/dev.mvm.api.inspect.StructureInspector}.
     *
     * @return the reader
     * @throws IllegalStateException if two inspectors claim the same format name
     */
    public static StructureReader loadDefault() {
        List<StructureInspector> found = new ArrayList<>();
        ServiceLoader.load(StructureInspector.class, StructureReader.class.getClassLoader()).forEach(found::add);
        return of(found);
    }

    /**
     * @param inspectors the inspectors, asked in this order
     * @return a reader using exactly these
     * @throws IllegalStateException if two inspectors claim the same format name
     */
    public static StructureReader of(List<StructureInspector> inspectors) {
        Map<String, StructureInspector> byFormat = new LinkedHashMap<>();
        for (StructureInspector i : inspectors) {
            StructureInspector other = byFormat.putIfAbsent(i.format(), i);
            if (other != null) {
                throw new IllegalStateException("Two structure inspectors claim the format '" + i.format() + "': "
                        + other.getClass().getName() + " and " + i.getClass().getName()
                        + "; remove one from META-INF/services or pass the list to StructureReader.of(..)");
            }
        }
        return new StructureReader(inspectors);
    }

    /** @return the inspectors, in the order they are asked */
    public List<StructureInspector> inspectors() {
        return inspectors;
    }

    /**
     * @param path a file path
     * @return the first inspector that supports it, if any
     */
    public Optional<StructureInspector> inspectorFor(ArtifactPath path) {
        return inspectors.stream().filter(i -> i.supports(path)).findFirst();
    }

    /**
     * Reads a registered version's structure through the artifact store's range reads.
     *
     * @param store the artifact store holding the version's files
     * @param version the version
     * @return its structure
     * @throws NotFoundException if the manifest or a file is missing
     * @throws IntegrityException if a file is malformed
     * @throws ValidationException if a file is beyond the inspection limits
     */
    public ModelStructure read(ArtifactStore store, ModelVersion version) {
        ArtifactManifest manifest = store.readManifest(version.model(), version.version(), version.artifacts().root());
        return read(new StoredModelFiles(store, version.ref(), manifest));
    }

    /**
     * Reads the structure of a local model directory, e.g. before registering it.
     *
     * @param directory the directory
     * @return its structure
     */
    public ModelStructure read(Path directory) {
        return read(LocalModelFiles.scan(directory));
    }

    /**
     * @param files any set of files
     * @return their structure
     */
    public ModelStructure read(ModelFiles files) {
        List<FileStructure> inspected = new ArrayList<>();
        List<ArtifactPath> uninspected = new ArrayList<>();
        Set<ArtifactPath> covered = new HashSet<>();
        List<ManifestEntry> later = new ArrayList<>();
        for (ManifestEntry f : files.files()) {
            Optional<StructureInspector> inspector = inspectorFor(f.path());
            if (inspector.isPresent() && inspector.get().isIndex(f.path())) {
                FileStructure s = inspector.get().inspect(f.path(), files);
                inspected.add(s);
                covered.addAll(s.covers());
            } else {
                later.add(f);
            }
        }
        for (ManifestEntry f : later) {
            if (covered.contains(f.path())) {
                continue;
            }
            Optional<StructureInspector> inspector = inspectorFor(f.path());
            if (inspector.isPresent()) {
                inspected.add(inspector.get().inspect(f.path(), files));
            } else {
                uninspected.add(f.path());
            }
        }
        return new ModelStructure(inspected, uninspected);
    }
}
