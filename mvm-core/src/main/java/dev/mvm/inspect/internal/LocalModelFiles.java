package dev.mvm.inspect.internal;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.inspect.ModelFiles;
import dev.mvm.api.inspect.RangeSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a local model directory, e.g. one about to be registered. Listing hashes every file once,
 * so that digests can be compared with a registered version's.
 */
public final class LocalModelFiles implements ModelFiles {
    private final Path root;
    private final List<ManifestEntry> entries;

    private LocalModelFiles(Path root, List<ManifestEntry> entries) {
        this.root = root;
        this.entries = entries;
    }

    /**
     * @param directory a model directory
     * @return its files, hashed
     * @throws ValidationException if it is not a directory or a path is not allowed
     * @throws StorageException if a file cannot be read
     */
    public static LocalModelFiles scan(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new ValidationException("directory", "Not a directory: " + root);
        }
        List<ManifestEntry> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                entries.add(new ManifestEntry(ArtifactPath.of(rel), Files.size(file), hash(file)));
            }
        } catch (IOException e) {
            throw new StorageException("Cannot read model directory " + root + ": " + e.getMessage(), e);
        }
        entries.sort(Comparator.comparing(ManifestEntry::path));
        return new LocalModelFiles(root, List.copyOf(entries));
    }

    private static Sha256 hash(Path file) throws IOException {
        MessageDigest md = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return Sha256.fromBytes(md.digest());
    }

    @Override
    public List<ManifestEntry> files() {
        return entries;
    }

    @Override
    public RangeSource open(ArtifactPath path) {
        ManifestEntry entry = find(path).orElseThrow(() -> new NotFoundException("Directory " + root
                + " has no file '" + path + "'"));
        return new LocalRangeSource(root.resolve(path.value()), entry.size(), root.getFileName() + "/" + path);
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
