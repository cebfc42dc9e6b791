package dev.mvm.migrate;

import static dev.mvm.migrate.RegistryFixture.assertSameContent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Exporting a registry to an archive and importing it")
class RegistryArchiveTest {
    @TempDir
    Path tmp;
    RegistryFixture source;
    Path archive;

    @BeforeEach
    void fill() {
        source = RegistryFixture.populated(tmp.resolve("source"));
        archive = tmp.resolve("registry.mvm.zip");
    }

    @AfterEach
    void close() {
        source.close();
    }

    @Test
    @DisplayName("an export imports into another registry with everything, verified, and a second import adds nothing")
    void roundTrip() {
        int auditRecords = RegistryFixture.audit(source.registry).size();
        List<MigrationProgress> progress = new ArrayList<>();
        MigrationReport exported = RegistryArchive.export(source.registry, archive, o -> o.progress(progress::add));

        assertThat(exported.versions().copied()).isEqualTo(5);
        assertThat(exported.files()).isEqualTo(new MigrationReport.Count(7, 1));
        assertThat(exported.auditRecords().copied()).isEqualTo(auditRecords);
        assertThat(exported.target()).contains("registry.mvm.zip");
        assertThat(progress).extracting(MigrationProgress::stage).contains(MigrationProgress.Stage.VERSIONS,
                MigrationProgress.Stage.GRANTS, MigrationProgress.Stage.AUDIT);
        assertThat(tmp.resolve("registry.mvm.zip.part")).doesNotExist();

        ArchiveSummary summary = RegistryArchive.verify(archive);
        assertThat(summary.models()).isEqualTo(2);
        assertThat(summary.versions()).isEqualTo(5);
        assertThat(summary.files()).isEqualTo(7);
        assertThat(summary.bytes()).isEqualTo(exported.bytesCopied());
        assertThat(summary.grants()).isEqualTo(4);
        assertThat(summary.auditRecords()).isEqualTo(auditRecords);
        assertThat(summary.source()).isEqualTo(source.registry.registryStore().describe());

        try (RegistryFixture target = RegistryFixture.empty(tmp.resolve("target"))) {
            MigrationReport imported = RegistryArchive.importInto(archive, target.registry);

            assertSameContent(source.registry, target.registry, tmp.resolve("scratch"));
            assertThat(imported.versions().copied()).isEqualTo(5);
            assertThat(imported.grants().copied()).isEqualTo(4);
            assertThat(imported.auditRecords().copied()).isEqualTo(auditRecords);
            assertThat(target.registry.audit().verify().violation()).isNull();

            assertThat(RegistryArchive.importInto(archive, target.registry).nothingCopied()).isTrue();
            // the same audit chain, copied directly, is recognised as already there
            MigrationReport direct = RegistryMigration.copy(source.registry, target.registry);
            assertThat(direct.auditRecords().copied()).as(direct.toString()).isZero();
        }
    }

    @Test
    @DisplayName("one model exports alone, with its audit records and its grants")
    void oneModel() {
        MigrationReport exported = RegistryArchive.export(source.registry, archive, o -> o.model("fraud"));
        assertThat(exported.models().copied()).isEqualTo(1);
        assertThat(exported.grants().copied()).isEqualTo(2); // bob's on model:fraud and admin's it derives from

        try (RegistryFixture target = RegistryFixture.empty(tmp.resolve("target"))) {
            RegistryArchive.importInto(archive, target.registry);
            assertSameContent(source.registry, target.registry, tmp.resolve("scratch"), "fraud");
            assertThat(RegistryFixture.models(target.registry)).extracting(m -> m.name().value())
                    .containsExactly("fraud");
        }
    }

    @Test
    @DisplayName("a truncated archive fails with IntegrityException and nothing is imported")
    void truncated() throws IOException {
        RegistryArchive.export(source.registry, archive);
        byte[] whole = Files.readAllBytes(archive);
        Path cut = tmp.resolve("cut.zip");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));

        try (RegistryFixture target = RegistryFixture.empty(tmp.resolve("target"))) {
            assertThatThrownBy(() -> RegistryArchive.importInto(cut, target.registry))
                    .isInstanceOf(IntegrityException.class).hasMessageContaining("nothing was imported");
            assertThat(RegistryFixture.models(target.registry)).isEmpty();
        }
        assertThatThrownBy(() -> RegistryArchive.verify(cut)).isInstanceOf(IntegrityException.class);
    }

    @Test
    @DisplayName("an archive with altered file content fails on its digest and nothing is imported")
    void alteredContent() throws IOException {
        RegistryArchive.export(source.registry, archive);
        Path altered = rewrite("altered.zip", (name, bytes) -> {
            if (name.startsWith("blobs/") && bytes.length == 50_000) {
                bytes[25_000] ^= 1;
            }
            return bytes;
        });

        try (RegistryFixture target = RegistryFixture.empty(tmp.resolve("target"))) {
            assertThatThrownBy(() -> RegistryArchive.importInto(altered, target.registry))
                    .isInstanceOf(IntegrityException.class).hasMessageContaining("fraud@1.0.0:weights.bin")
                    .hasMessageContaining("SHA-256");
            assertThat(RegistryFixture.models(target.registry)).isEmpty();
        }
    }

    @Test
    @DisplayName("damaged index, manifest or audit entries fail with IntegrityException")
    void damagedParts() throws IOException {
        RegistryArchive.export(source.registry, archive);
        Path badIndex = rewrite("index.zip", (name, bytes) -> name.equals("registry.json")
                ? Arrays.copyOf(bytes, bytes.length - 40) : bytes);
        assertThatThrownBy(() -> RegistryArchive.verify(badIndex)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("registry.json");
        Path badManifest = rewrite("manifest.zip", (name, bytes) -> name.startsWith("manifests/")
                ? "mvm-manifest 1\n".getBytes(StandardCharsets.UTF_8) : bytes);
        assertThatThrownBy(() -> RegistryArchive.verify(badManifest)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("digest");
        Path badAudit = rewrite("audit.zip", (name, bytes) -> name.equals("audit.jsonl")
                ? new String(bytes, StandardCharsets.UTF_8).replace("\"version.register\"", "\"version.delete\"")
                        .getBytes(StandardCharsets.UTF_8) : bytes);
        assertThatThrownBy(() -> RegistryArchive.verify(badAudit)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("audit record");
        Path missingBlob = rewrite("missing.zip", (name, bytes) -> name.startsWith("blobs/") && bytes.length == 2000
                ? null : bytes);
        assertThatThrownBy(() -> RegistryArchive.verify(missingBlob)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("lacks the content of tokenizer@1.0.0:vocab.txt");
    }

    @Test
    @DisplayName("a file that is not an MVM archive, or of another format version, is refused with a clear message")
    void notAnArchive() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> RegistryArchive.verify(text)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("not a complete zip file");
        Path otherZip = tmp.resolve("other.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(otherZip))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write(1);
            zip.closeEntry();
        }
        assertThatThrownBy(() -> RegistryArchive.verify(otherZip)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("has no registry.json");
        RegistryArchive.export(source.registry, archive);
        Path future = rewrite("future.zip", (name, bytes) -> name.equals("registry.json")
                ? new String(bytes, StandardCharsets.UTF_8).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99")
                        .getBytes(StandardCharsets.UTF_8) : bytes);
        assertThatThrownBy(() -> RegistryArchive.verify(future)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("format version 99");
        Path foreign = rewrite("foreign.zip", (name, bytes) -> name.equals("registry.json")
                ? "{\"format\": \"something-else\"}".getBytes(StandardCharsets.UTF_8) : bytes);
        assertThatThrownBy(() -> RegistryArchive.verify(foreign)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("not an MVM archive");
        assertThatThrownBy(() -> RegistryArchive.verify(tmp.resolve("absent.zip"))).isInstanceOf(NotFoundException.class);
    }

    /** Copies the archive entry by entry, letting {@code change} alter or (returning null) drop an entry. */
    private Path rewrite(String name, BiFunction<String, byte[], byte[]> change) throws IOException {
        Path out = tmp.resolve(name);
        try (InputStream fin = Files.newInputStream(archive); ZipInputStream in = new ZipInputStream(fin);
                OutputStream fout = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(fout)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = change.apply(e.getName(), in.readAllBytes());
                if (bytes != null) {
                    zip.putNextEntry(new ZipEntry(e.getName()));
                    zip.write(bytes);
                    zip.closeEntry();
                }
            }
        }
        return out;
    }

    @Test
    @DisplayName("audit records stream from the archive in pages, forwards, skipping ahead and starting over")
    void auditPages() {
        List<dev.mvm.api.audit.AuditRecord> all = RegistryFixture.audit(source.registry);
        RegistryArchive.export(source.registry, archive);
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            assertThat(reader.auditCount()).isEqualTo(all.size());
            List<dev.mvm.api.audit.AuditRecord> paged = new ArrayList<>();
            long after = 0;
            for (List<dev.mvm.api.audit.AuditRecord> page; !(page = reader.auditAfter(after, 4)).isEmpty(); ) {
                assertThat(page.size()).isLessThanOrEqualTo(4);
                paged.addAll(page);
                after = page.get(page.size() - 1).sequence();
            }
            assertThat(paged).isEqualTo(all);

            assertThat(reader.auditAfter(2, 3)).as("back to an earlier sequence").isEqualTo(all.subList(2, 5));
            assertThat(reader.auditAfter(7, 2)).as("ahead of the cursor").isEqualTo(all.subList(7, 9));
            assertThat(reader.auditAfter(0, 1)).isEqualTo(all.subList(0, 1));
            assertThat(reader.auditAfter(all.get(all.size() - 1).sequence(), 10)).isEmpty();
        }
    }
}
