package dev.mvm.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mvm.api.access.Grant;
import dev.mvm.api.access.Role;
import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * Reads an archive written by {@link ArchiveWriter}. {@link #open} parses the index and checks every part
 * before anything is read from it: every manifest hashes to its root, every file's content to its digest and
 * size, every audit record to its hash, the audit entry to the digest the index records. So a damaged or
 * truncated archive fails before an import writes anything.
 */
final class ArchiveReader implements RegistrySource, AutoCloseable {
    private final Path file;
    private final ZipFile zip;
    private final String source;
    private final Instant createdAt;
    private final List<Model> models = new ArrayList<>();
    private final Map<ModelName, List<ModelVersion>> versions = new HashMap<>();
    private final Map<String, List<StateChange>> stateHistories = new HashMap<>();
    private final Map<ModelName, List<EnvironmentPointer>> pointers = new HashMap<>();
    private final Map<ModelName, Map<EnvironmentName, List<PointerMove>>> pointerHistories = new HashMap<>();
    private final Map<Sha256, ArtifactManifest> manifests = new HashMap<>();
    private final List<Role> roles = new ArrayList<>();
    private final List<Grant> grants = new ArrayList<>();
    private final @Nullable JsonNode indexAudit;
    /** Audit records are checked once at open and then streamed in pages, never held in memory. */
    private long auditRecords;
    private @Nullable BufferedReader auditCursor;
    /** The sequence of the last record {@link #auditCursor} has read, 0 before the first. */
    private long auditCursorSequence;
    private long distinctFiles;
    private long distinctBytes;

    private ArchiveReader(Path file, ZipFile zip, JsonNode index) {
        this.file = file;
        this.zip = zip;
        this.source = ArchiveJson.text(index, "source");
        this.createdAt = ArchiveJson.instant(index, "createdAt");
        this.indexAudit = index.get("audit");
        for (JsonNode m : ArchiveJson.required(index, "models")) {
            Model model = ArchiveJson.model(m);
            models.add(model);
            List<ModelVersion> vs = new ArrayList<>();
            for (JsonNode v : ArchiveJson.required(m, "versions")) {
                ModelVersion version = ArchiveJson.version(v);
                if (!version.model().equals(model.name())) {
                    throw new IllegalArgumentException("version " + version.ref() + " is listed under model "
                            + model.name());
                }
                vs.add(version);
                List<StateChange> history = new ArrayList<>();
                for (JsonNode c : ArchiveJson.required(v, "stateHistory")) {
                    history.add(ArchiveJson.stateChange(version.ref(), c));
                }
                stateHistories.put(version.ref().toString(), history);
            }
            versions.put(model.name(), vs);
            List<EnvironmentPointer> ps = new ArrayList<>();
            for (JsonNode p : ArchiveJson.required(m, "pointers")) {
                ps.add(ArchiveJson.pointer(model.name(), p));
            }
            pointers.put(model.name(), ps);
            Map<EnvironmentName, List<PointerMove>> histories = new LinkedHashMap<>();
            var fields = ArchiveJson.required(m, "pointerHistories").fields();
            while (fields.hasNext()) {
                var f = fields.next();
                EnvironmentName env = new EnvironmentName(f.getKey());
                List<PointerMove> moves = new ArrayList<>();
                for (JsonNode mv : f.getValue()) {
                    moves.add(ArchiveJson.move(model.name(), env, mv));
                }
                histories.put(env, moves);
            }
            pointerHistories.put(model.name(), histories);
        }
        for (JsonNode r : ArchiveJson.required(index, "roles")) {
            roles.add(ArchiveJson.role(r));
        }
        for (JsonNode g : ArchiveJson.required(index, "grants")) {
            grants.add(ArchiveJson.grant(g));
        }
    }

    /**
     * Opens and checks an archive.
     *
     * @throws IntegrityException if it is truncated, damaged or inconsistent
     * @throws ValidationException if it is not an MVM archive or of an unknown format version
     * @throws NotFoundException if the file does not exist
     */
    static ArchiveReader open(Path file) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new NotFoundException("Archive " + file + " does not exist");
        } catch (ZipException e) {
            throw new IntegrityException("Archive " + file + " is not a complete zip file (truncated or damaged: "
                    + e.getMessage() + "); nothing was imported");
        } catch (IOException e) {
            throw new StorageException("Cannot read archive " + file + ": " + e.getMessage(), e);
        }
        try {
            ArchiveReader reader = parse(file, zip, index(file, zip));
            reader.verify();
            return reader;
        } catch (RuntimeException e) {
            closeAfterFailure(zip, e);
            throw e;
        }
    }

    private static void closeAfterFailure(ZipFile zip, RuntimeException e) {
        try {
            zip.close();
        } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
        }
    }

    private static JsonNode index(Path file, ZipFile zip) {
        ZipEntry entry = zip.getEntry(ArchiveLayout.INDEX);
        if (entry == null) {
            throw new IntegrityException("Archive " + file + " has no " + ArchiveLayout.INDEX
                    + ": it is not an MVM archive, or its writing did not complete; nothing was imported");
        }
        JsonNode index;
        try (InputStream in = zip.getInputStream(entry)) {
            index = ArchiveJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IntegrityException("Archive " + file + ": " + ArchiveLayout.INDEX + " is damaged ("
                    + e.getMessage() + "); nothing was imported");
        }
        if (index == null || !ArchiveLayout.FORMAT.equals(index.path("format").asText())) {
            throw new ValidationException("archive", "File " + file + " is not an MVM archive: its "
                    + ArchiveLayout.INDEX + " lacks \"format\": \"" + ArchiveLayout.FORMAT + "\"");
        }
        int version = index.path("formatVersion").asInt(-1);
        if (version != ArchiveLayout.FORMAT_VERSION) {
            throw new ValidationException("archive", "Archive " + file + " has format version " + version
                    + "; this version of MVM reads format version " + ArchiveLayout.FORMAT_VERSION);
        }
        return index;
    }

    /** Wraps the constructor's parse errors. */
    private static ArchiveReader parse(Path file, ZipFile zip, JsonNode index) {
        try {
            return new ArchiveReader(file, zip, index);
        } catch (MvmException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new IntegrityException("Archive " + file + ": " + ArchiveLayout.INDEX + " is malformed ("
                    + e.getMessage() + "); nothing was imported");
        }
    }

    private void verify() {
        Set<Sha256> checked = new HashSet<>();
        for (List<ModelVersion> vs : versions.values()) {
            for (ModelVersion v : vs) {
                Sha256 root = v.artifacts().root();
                ArtifactManifest manifest = manifests.get(root);
                if (manifest == null) {
                    byte[] text = readEntry(ArchiveLayout.manifest(root), v.ref() + "'s manifest");
                    try {
                        manifest = ArtifactManifest.parse(text, root);
                    } catch (IntegrityException e) {
                        throw new IntegrityException("Archive " + file + ": the manifest of " + v.ref()
                                + " is damaged (" + e.getMessage() + "); nothing was imported");
                    }
                    manifests.put(root, manifest);
                }
                for (ManifestEntry f : manifest.files()) {
                    if (checked.add(f.sha256())) {
                        checkBlob(v, f);
                        distinctFiles++;
                        distinctBytes += f.size();
                    }
                }
            }
        }
        checkAudit();
    }

    private byte[] readEntry(String name, String what) {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IntegrityException("Archive " + file + " lacks " + what + " (" + name + "); nothing was imported");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IntegrityException("Archive " + file + ": " + what + " is damaged (" + e.getMessage()
                    + "); nothing was imported");
        }
    }

    private void checkBlob(ModelVersion v, ManifestEntry f) {
        String name = ArchiveLayout.blob(f.sha256());
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IntegrityException("Archive " + file + " lacks the content of " + v.ref() + ":" + f.path()
                    + " (" + name + "); nothing was imported");
        }
        MessageDigest sha = Sha256.newDigest();
        long size = 0;
        try (InputStream in = new DigestInputStream(zip.getInputStream(entry), sha)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                size += n;
            }
        } catch (IOException e) {
            throw new IntegrityException("Archive " + file + ": the content of " + v.ref() + ":" + f.path()
                    + " is damaged (" + e.getMessage() + "); nothing was imported");
        }
        Sha256 actual = Sha256.fromBytes(sha.digest());
        if (size != f.size() || !actual.equals(f.sha256())) {
            throw new IntegrityException("Archive " + file + ": the content of " + v.ref() + ":" + f.path()
                    + " has " + size + " bytes with SHA-256 " + actual + ", but the manifest records " + f.size()
                    + " bytes with " + f.sha256() + "; nothing was imported");
        }
    }

    private void checkAudit() {
        ZipEntry entry = zip.getEntry(ArchiveLayout.AUDIT);
        if (entry == null) {
            return;
        }
        MessageDigest sha = Sha256.newDigest();
        long previous = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new DigestInputStream(zip.getInputStream(entry), sha), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                AuditRecord r = auditRecord(line);
                if (r.sequence() <= previous) {
                    throw new IntegrityException("Archive " + file + ": audit record " + r.sequence()
                            + " follows record " + previous + "; nothing was imported");
                }
                previous = r.sequence();
                auditRecords++;
            }
        } catch (IOException | IllegalArgumentException | ValidationException
                | java.time.format.DateTimeParseException e) {
            throw new IntegrityException("Archive " + file + ": " + ArchiveLayout.AUDIT + " is damaged ("
                    + e.getMessage() + "); nothing was imported");
        }
        JsonNode recorded = indexAudit;
        if (recorded != null) {
            String expected = recorded.path("sha256").asText();
            String actual = Sha256.fromBytes(sha.digest()).hex();
            if (!expected.equals(actual) || recorded.path("records").asLong(-1) != auditRecords) {
                throw new IntegrityException("Archive " + file + ": " + ArchiveLayout.AUDIT + " holds " + auditRecords
                        + " records with SHA-256 " + actual + ", but the index records "
                        + recorded.path("records").asLong(-1) + " with " + expected + "; nothing was imported");
            }
        }
    }

    /** @return the record on one line of the audit entry, checked against its own hash */
    private AuditRecord auditRecord(String line) throws IOException {
        AuditRecord r = ArchiveJson.auditRecord(ArchiveJson.MAPPER.readTree(line));
        if (!r.hashMatches()) {
            throw new IntegrityException("Archive " + file + ": audit record " + r.sequence()
                    + " does not match its hash; nothing was imported");
        }
        return r;
    }

    ArchiveSummary summary() {
        long versionCount = versions.values().stream().mapToLong(List::size).sum();
        return new ArchiveSummary(file, source, createdAt, models.size(), versionCount, distinctFiles, distinctBytes,
                grants.size(), auditRecords);
    }

    @Override
    public String describe() {
        return "archive:" + file;
    }

    @Override
    public List<Model> models() {
        return List.copyOf(models);
    }

    @Override
    public List<ModelVersion> versions(ModelName model) {
        return versions.getOrDefault(model, List.of());
    }

    @Override
    public List<StateChange> stateHistory(ModelVersion version) {
        return stateHistories.getOrDefault(version.ref().toString(), List.of());
    }

    @Override
    public Map<EnvironmentName, List<PointerMove>> pointerHistories(ModelName model) {
        Map<EnvironmentName, List<PointerMove>> sorted = new TreeMap<>(
                java.util.Comparator.comparing(EnvironmentName::value));
        sorted.putAll(pointerHistories.getOrDefault(model, Map.of()));
        return sorted;
    }

    @Override
    public List<EnvironmentPointer> pointers(ModelName model) {
        return pointers.getOrDefault(model, List.of());
    }

    @Override
    public ArtifactManifest manifest(ModelVersion version) {
        ArtifactManifest m = manifests.get(version.artifacts().root());
        if (m == null) {
            throw new NotFoundException("Archive " + file + " has no manifest for " + version.ref());
        }
        return m;
    }

    @Override
    public InputStream open(ModelVersion version, ManifestEntry f) {
        ZipEntry entry = zip.getEntry(ArchiveLayout.blob(f.sha256()));
        if (entry == null) {
            throw new NotFoundException("Archive " + file + " has no content for " + version.ref() + ":" + f.path());
        }
        try {
            return zip.getInputStream(entry);
        } catch (IOException e) {
            throw new StorageException("Cannot read " + entry.getName() + " from archive " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<Role> roles() {
        return List.copyOf(roles);
    }

    @Override
    public List<Grant> grants() {
        return List.copyOf(grants);
    }

    @Override
    public long auditCount() {
        return auditRecords;
    }

    /**
     * Reads on from where the previous page ended (the usual case: pages in order), or from the start of the
     * entry when asked for an earlier sequence.
     */
    @Override
    public synchronized List<AuditRecord> auditAfter(long sequence, int limit) {
        if (auditRecords == 0 || limit <= 0) {
            return List.of();
        }
        try {
            if (auditCursor == null || sequence < auditCursorSequence) {
                closeAuditCursor();
                auditCursor = new BufferedReader(new InputStreamReader(
                        zip.getInputStream(zip.getEntry(ArchiveLayout.AUDIT)), StandardCharsets.UTF_8));
                auditCursorSequence = 0;
            }
            List<AuditRecord> page = new ArrayList<>(Math.min(limit, 1024));
            for (String line; page.size() < limit && (line = auditCursor.readLine()) != null; ) {
                AuditRecord r = auditRecord(line);
                auditCursorSequence = r.sequence();
                if (r.sequence() > sequence) {
                    page.add(r);
                }
            }
            return List.copyOf(page);
        } catch (IOException | IllegalArgumentException | ValidationException
                | java.time.format.DateTimeParseException e) {
            throw new IntegrityException("Archive " + file + ": " + ArchiveLayout.AUDIT + " changed or is damaged"
                    + " since it was checked (" + e.getMessage() + ")");
        }
    }

    private void closeAuditCursor() throws IOException {
        if (auditCursor != null) {
            auditCursor.close();
            auditCursor = null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            closeAuditCursor();
            zip.close();
        } catch (IOException e) {
            throw new StorageException("Cannot close archive " + file + ": " + e.getMessage(), e);
        }
    }
}
