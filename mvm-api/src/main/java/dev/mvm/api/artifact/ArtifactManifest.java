package dev.mvm.api.artifact;

import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every file of a version, sorted by path, and one root digest over them.
 *
 * <p>The canonical form is UTF-8 text: the line {@value #HEADER}, then one line per file,
 * {@code <sha256-hex> <size> <path>}, sorted by path, each ending in {@code \n}. The {@link #root()} digest
 * is the SHA-256 of that text, so it identifies the file set: two versions with the same files have the
 * same root, and any change to any byte of any file changes it.
 *
 * @since 0.1
 */
public final class ArtifactManifest {
    /** First line of the canonical text; names the format version. */
    public static final String HEADER = "mvm-manifest 1";
    /** The most files one version may hold. */
    public static final int MAX_FILES = 100_000;

    private final List<ManifestEntry> files;
    private final Sha256 root;
    private final long totalBytes;

    private ArtifactManifest(List<ManifestEntry> sortedFiles) {
        this.files = List.copyOf(sortedFiles);
        this.root = Sha256.of(canonicalText(files).getBytes(StandardCharsets.UTF_8));
        this.totalBytes = files.stream().mapToLong(ManifestEntry::size).sum();
    }

    /**
     * @param files the files, in any order
     * @return the manifest
     * @throws ValidationException if two entries share a path or there are too many
     */
    public static ArtifactManifest of(List<ManifestEntry> files) {
        if (files.size() > MAX_FILES) {
            throw new ValidationException("files", "A version may hold at most " + MAX_FILES + " files, not "
                    + files.size());
        }
        List<ManifestEntry> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(ManifestEntry::path));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).path().equals(sorted.get(i - 1).path())) {
                throw new ValidationException("files", "Duplicate path in manifest: " + sorted.get(i).path());
            }
        }
        return new ArtifactManifest(sorted);
    }

    /** @return a manifest without files */
    public static ArtifactManifest empty() {
        return new ArtifactManifest(List.of());
    }

    /**
     * Parses the canonical text and checks it against the expected root digest.
     *
     * @param canonical the bytes written by {@link #toCanonicalBytes()}
     * @param expectedRoot the root digest recorded for the version
     * @return the manifest
     * @throws IntegrityException if the text is malformed or does not hash to {@code expectedRoot}
     */
    public static ArtifactManifest parse(byte[] canonical, Sha256 expectedRoot) {
        Sha256 actual = Sha256.of(canonical);
        if (!actual.equals(expectedRoot)) {
            throw new IntegrityException("Manifest digest mismatch: expected " + expectedRoot + ", found " + actual);
        }
        String text = new String(canonical, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(HEADER) || !lines[lines.length - 1].isEmpty()) {
            throw new IntegrityException("Malformed manifest " + expectedRoot + ": bad header or ending");
        }
        List<ManifestEntry> entries = new ArrayList<>(lines.length - 2);
        try {
            for (int i = 1; i < lines.length - 1; i++) {
                String line = lines[i];
                int a = line.indexOf(' ');
                int b = line.indexOf(' ', a + 1);
                entries.add(new ManifestEntry(ArtifactPath.of(line.substring(b + 1)),
                        Long.parseLong(line.substring(a + 1, b)), Sha256.parse(line.substring(0, a))));
            }
        } catch (RuntimeException e) {
            throw new IntegrityException("Malformed manifest " + expectedRoot + ": " + e.getMessage());
        }
        return of(entries);
    }

    private static String canonicalText(List<ManifestEntry> files) {
        StringBuilder sb = new StringBuilder(HEADER.length() + 1 + files.size() * 100);
        sb.append(HEADER).append('\n');
        for (ManifestEntry f : files) {
            sb.append(f.sha256().hex()).append(' ').append(f.size()).append(' ').append(f.path().value()).append('\n');
        }
        return sb.toString();
    }

    /** @return the canonical UTF-8 text whose SHA-256 is {@link #root()} */
    public byte[] toCanonicalBytes() {
        return canonicalText(files).getBytes(StandardCharsets.UTF_8);
    }

    /** @return the files sorted by path */
    public List<ManifestEntry> files() {
        return files;
    }

    /** @return the root digest over the canonical text */
    public Sha256 root() {
        return root;
    }

    /** @return the sum of all file sizes */
    public long totalBytes() {
        return totalBytes;
    }

    /**
     * @param path a path relative to the version root
     * @return the entry at that path, if any
     */
    public Optional<ManifestEntry> find(ArtifactPath path) {
        int i = java.util.Collections.binarySearch(files, new ManifestEntry(path, 0, Sha256.EMPTY),
                Comparator.comparing(ManifestEntry::path));
        return i >= 0 ? Optional.of(files.get(i)) : Optional.empty();
    }

    /** @return a short summary to record on a version */
    public ArtifactSummary summary() {
        return new ArtifactSummary(root, files.size(), totalBytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArtifactManifest m && root.equals(m.root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return "ArtifactManifest[" + root + ", " + files.size() + " files, " + totalBytes + " bytes]";
    }
}
