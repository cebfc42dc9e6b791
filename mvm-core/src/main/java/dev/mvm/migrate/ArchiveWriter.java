package dev.mvm.migrate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.api.access.Grant;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.internal.VerifyingInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes what a {@link RegistrySource} holds into an archive file: file contents once each under
 * {@code blobs/}, manifests under {@code manifests/}, audit records in {@code audit.jsonl}, and last the index
 * {@code registry.json}. The archive is written to a temporary sibling and moved into place when complete.
 */
final class ArchiveWriter {
    private static final int AUDIT_BATCH = 1000;

    private final RegistrySource source;
    private final MigrationOptions options;
    private long itemsDone;
    private long itemsTotal;
    private long bytesDone;
    private long bytesTotal;

    ArchiveWriter(RegistrySource source, MigrationOptions options) {
        this.source = source;
        this.options = options;
    }

    MigrationReport write(Path file, Clock clock) {
        Path tmp = file.toAbsolutePath().resolveSibling(file.getFileName() + ".part");
        try {
            MigrationReport report;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                    ZipOutputStream zip = new ZipOutputStream(out)) {
                report = writeTo(zip, file, clock);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return report;
        } catch (IOException e) {
            deleteQuietly(tmp, e);
            throw new StorageException("Cannot write archive " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp, e);
            throw e;
        }
    }

    private static void deleteQuietly(Path tmp, Exception cause) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    private MigrationReport writeTo(ZipOutputStream zip, Path file, Clock clock) throws IOException {
        List<Model> models = source.models().stream().filter(m -> options.includes(m.name())).toList();
        Map<Model, List<ModelVersion>> versions = new java.util.LinkedHashMap<>();
        for (Model m : models) {
            List<ModelVersion> vs = source.versions(m.name());
            versions.put(m, vs);
            itemsTotal += vs.size();
            bytesTotal += vs.stream().mapToLong(v -> v.artifacts().totalBytes()).sum();
        }
        report(MigrationProgress.Stage.VERSIONS, "");
        ObjectNode index = ArchiveJson.MAPPER.createObjectNode();
        index.put("format", ArchiveLayout.FORMAT);
        index.put("formatVersion", ArchiveLayout.FORMAT_VERSION);
        index.put("createdAt", clock.instant().toString());
        index.put("source", source.describe());
        ArrayNode modelsNode = index.putArray("models");
        Set<Sha256> blobs = new HashSet<>();
        Set<Sha256> manifests = new HashSet<>();
        long filesCopied = 0;
        long filesSkipped = 0;
        long bytesCopied = 0;
        long statesCopied = 0;
        long movesCopied = 0;
        long versionsCopied = 0;
        for (Map.Entry<Model, List<ModelVersion>> e : versions.entrySet()) {
            ModelName name = e.getKey().name();
            ObjectNode modelNode = ArchiveJson.model(e.getKey());
            ArrayNode versionsNode = modelNode.putArray("versions");
            for (ModelVersion v : e.getValue()) {
                ArtifactManifest manifest = source.manifest(v);
                if (!manifest.root().equals(v.artifacts().root())) {
                    throw new IntegrityException("The manifest read for " + v.ref() + " has root " + manifest.root()
                            + ", not " + v.artifacts().root() + " as the version records");
                }
                if (manifests.add(manifest.root())) {
                    zip.putNextEntry(new ZipEntry(ArchiveLayout.manifest(manifest.root())));
                    zip.write(manifest.toCanonicalBytes());
                    zip.closeEntry();
                }
                for (ManifestEntry f : manifest.files()) {
                    if (!blobs.add(f.sha256())) {
                        filesSkipped++;
                        continue;
                    }
                    zip.putNextEntry(new ZipEntry(ArchiveLayout.blob(f.sha256())));
                    try (InputStream in = new VerifyingInputStream(source.open(v, f), f, v.ref() + ":" + f.path())) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                    filesCopied++;
                    bytesCopied += f.size();
                }
                ObjectNode versionNode = ArchiveJson.version(v);
                ArrayNode history = versionNode.putArray("stateHistory");
                for (StateChange c : source.stateHistory(v)) {
                    history.add(ArchiveJson.stateChange(c));
                    statesCopied++;
                }
                versionsNode.add(versionNode);
                versionsCopied++;
                itemsDone++;
                bytesDone += v.artifacts().totalBytes();
                report(MigrationProgress.Stage.VERSIONS, v.ref().toString());
            }
            ArrayNode pointers = modelNode.putArray("pointers");
            for (EnvironmentPointer p : source.pointers(name)) {
                pointers.add(ArchiveJson.pointer(p));
            }
            ObjectNode histories = modelNode.putObject("pointerHistories");
            for (Map.Entry<EnvironmentName, List<PointerMove>> h : source.pointerHistories(name).entrySet()) {
                ArrayNode moves = histories.putArray(h.getKey().value());
                for (PointerMove m : h.getValue()) {
                    moves.add(ArchiveJson.move(m));
                    movesCopied++;
                }
            }
            modelsNode.add(modelNode);
        }
        long roles = 0;
        long grants = 0;
        ArrayNode rolesNode = index.putArray("roles");
        ArrayNode grantsNode = index.putArray("grants");
        if (options.grants()) {
            List<Grant> selected = GrantSelection.select(source.grants(), options);
            itemsDone = 0;
            itemsTotal = selected.size();
            report(MigrationProgress.Stage.GRANTS, "");
            for (Role r : source.roles()) {
                rolesNode.add(ArchiveJson.role(r));
                roles++;
            }
            for (Grant g : selected) {
                grantsNode.add(ArchiveJson.grant(g));
                grants++;
            }
        }
        long audit = 0;
        if (options.audit()) {
            audit = writeAudit(zip, index);
        }
        zip.putNextEntry(new ZipEntry(ArchiveLayout.INDEX));
        zip.write(ArchiveJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
        zip.closeEntry();
        return new MigrationReport(source.describe(), "archive:" + file, new MigrationReport.Count(models.size(), 0),
                new MigrationReport.Count(versionsCopied, 0), new MigrationReport.Count(filesCopied, filesSkipped),
                bytesCopied, new MigrationReport.Count(statesCopied, 0), new MigrationReport.Count(movesCopied, 0),
                new MigrationReport.Count(roles, 0), new MigrationReport.Count(grants, 0),
                new MigrationReport.Count(audit, 0), List.of());
    }

    private long writeAudit(ZipOutputStream zip, ObjectNode index) throws IOException {
        itemsDone = 0;
        itemsTotal = source.auditCount();
        report(MigrationProgress.Stage.AUDIT, "");
        MessageDigest sha = Sha256.newDigest();
        long count = 0;
        zip.putNextEntry(new ZipEntry(ArchiveLayout.AUDIT));
        OutputStream out = new DigestOutputStream(zip, sha);
        long after = 0;
        while (true) {
            List<AuditRecord> batch = source.auditAfter(after, AUDIT_BATCH);
            if (batch.isEmpty()) {
                break;
            }
            for (AuditRecord r : batch) {
                if (options.includes(r)) {
                    out.write(ArchiveJson.MAPPER.writeValueAsBytes(ArchiveJson.auditRecord(r)));
                    out.write('\n');
                    count++;
                }
            }
            after = batch.get(batch.size() - 1).sequence();
            itemsDone = Math.min(after, itemsTotal);
            report(MigrationProgress.Stage.AUDIT, "");
        }
        out.flush();
        zip.closeEntry();
        ObjectNode a = index.putObject("audit");
        a.put("records", count);
        a.put("sha256", Sha256.fromBytes(sha.digest()).hex());
        return count;
    }

    private void report(MigrationProgress.Stage stage, String current) {
        options.progress().onProgress(new MigrationProgress(stage, itemsDone, itemsTotal, bytesDone, bytesTotal,
                current));
    }
}
