package dev.mvm.internal;

import dev.mvm.api.artifact.ArtifactPath;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the regular files of a model directory as {@link SourceFile}s with validated relative paths.
 * Symbolic links are followed only when they resolve inside the directory; a link leading out of it is
 * rejected, so a registration can never pick up files from elsewhere on the machine.
 */
public final class SourceTree {
    private SourceTree() {
    }

    /**
     * @param dir the model directory
     * @return its regular files, sorted by path
     * @throws ValidationException if the directory is missing, a path is not allowed, or a link leads out
     * @throws StorageException if the directory cannot be read
     */
    public static List<SourceFile> scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ValidationException("files", "Not a directory: " + dir);
        }
        Path root;
        try {
            root = dir.toRealPath();
        } catch (IOException e) {
            throw new StorageException("Cannot resolve " + dir + ": " + e.getMessage(), e);
        }
        List<SourceFile> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Path source = file;
                    if (attrs.isSymbolicLink()) {
                        Path target = file.toRealPath();
                        if (!target.startsWith(root)) {
                            throw new ValidationException("files", "Symbolic link " + root.relativize(file)
                                    + " leads out of the model directory (to " + target
                                    + "); only links that stay inside " + dir + " are allowed");
                        }
                        if (Files.isDirectory(target)) {
                            return FileVisitResult.CONTINUE;
                        }
                        source = target;
                    } else if (!attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    files.add(new SourceFile(relative(root, file), source));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new StorageException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        files.sort(java.util.Comparator.comparing(SourceFile::path));
        return files;
    }

    /**
     * @param file a single file to register under its own name
     * @return it as a source file
     * @throws ValidationException if it is not a regular file
     */
    public static SourceFile single(Path file) {
        return single(file.getFileName() == null ? "" : file.getFileName().toString(), file);
    }

    /**
     * @param path the path inside the version
     * @param file the local file
     * @return it as a source file
     * @throws ValidationException if it is not a regular file or the path is not allowed
     */
    public static SourceFile single(String path, Path file) {
        ArtifactPath target = ArtifactPath.of(path);
        if (!Files.isRegularFile(file)) {
            throw new ValidationException("files", "Not a regular file: " + file);
        }
        return new SourceFile(target, file);
    }

    private static ArtifactPath relative(Path root, Path file) {
        Path rel = root.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part.toString());
        }
        return ArtifactPath.of(sb.toString());
    }
}
