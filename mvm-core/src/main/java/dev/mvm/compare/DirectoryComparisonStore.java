package dev.mvm.compare;

import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Keeps each comparison as {@code <directory>/<id>.json}, the same JSON that {@link ReportFormat#JSON}
 * renders. Writes go to a temporary file that is moved into place, so a reader never sees half a file and
 * several processes may share the directory.
 *
 * @since 0.1
 */
public final class DirectoryComparisonStore implements ComparisonStore {
    private final Path directory;

    private DirectoryComparisonStore(Path directory) {
        this.directory = directory;
    }

    /**
     * @param directory where the files go; created if missing
     * @return the store
     * @throws StorageException if the directory cannot be created
     */
    public static DirectoryComparisonStore open(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("Cannot create comparison directory " + dir + ": " + e.getMessage(), e);
        }
        return new DirectoryComparisonStore(dir);
    }

    /** @return the directory */
    public Path directory() {
        return directory;
    }

    @Override
    public void save(Comparison comparison) {
        Path target = directory.resolve(comparison.id() + ".json");
        Path temp = null;
        try {
            temp = Files.createTempFile(directory, ".tmp-" + comparison.id(), ".json");
            Files.writeString(temp, ComparisonJson.write(comparison));
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new StorageException("Cannot write comparison " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    throw new StorageException("Cannot remove temporary file " + temp + ": " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public Optional<Comparison> find(String id) {
        if (id == null || !Comparison.ID.matcher(id).matches()) {
            throw new ValidationException("id", "Invalid comparison id '" + id
                    + "': expected 32 lowercase hex characters");
        }
        Path file = directory.resolve(id + ".json");
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Cannot read comparison " + file + ": " + e.getMessage(), e);
        }
        Comparison c = ComparisonJson.read(json, file.toString());
        if (!c.id().equals(id)) {
            throw new IntegrityException("Comparison file " + file + " holds id " + c.id() + ", not " + id);
        }
        return Optional.of(c);
    }

    @Override
    public String toString() {
        return "DirectoryComparisonStore[" + directory + "]";
    }
}
