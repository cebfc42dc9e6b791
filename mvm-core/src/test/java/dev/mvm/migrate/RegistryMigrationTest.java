package dev.mvm.migrate;

import static dev.mvm.migrate.RegistryFixture.assertSameContent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mvm.ModelRegistry;
import dev.mvm.api.access.Grant;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.embedded.ContentAddressedBlobStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Migrating one embedded registry into another")
class RegistryMigrationTest {
    @TempDir
    Path tmp;
    RegistryFixture source;

    @BeforeEach
    void fill() {
        source = RegistryFixture.populated(tmp.resolve("source"));
    }

    @AfterEach
    void close() {
        source.close();
    }

    @Test
    @DisplayName("copies models, versions, files, states, pointers, histories, roles, grants and audit records")
    void copiesEverything() {
        List<AuditRecord> sourceAudit = RegistryFixture.audit(source.registry);
        List<MigrationProgress> progress = new ArrayList<>();
        try (RegistryFixture target = RegistryFixture.empty(tmp.resolve("target"))) {
            MigrationReport report = RegistryMigration.copy(source.registry, target.registry,
                    o -> o.progress(progress::add));

            assertSameContent(source.registry, target.registry, tmp.resolve("scratch"));
            assertThat(report.models()).isEqualTo(new MigrationReport.Count(2, 0));
            assertThat(report.versions()).isEqualTo(new MigrationReport.Count(5, 0));
            assertThat(report.files().copied()).isEqualTo(7); // shared.bin once: the target addresses by content
            assertThat(report.files().skipped()).isEqualTo(1);
            assertThat(report.bytesCopied()).isEqualTo(2000 + 30_000 + 50_000 + 60_000 + 70_000 + 14);
            assertThat(report.stateChanges().copied()).isGreaterThanOrEqualTo(8);
            assertThat(report.pointerMoves().copied()).isEqualTo(6);
            assertThat(report.roles()).isEqualTo(new MigrationReport.Count(1, 0));
            assertThat(report.grants().copied()).isEqualTo(4); // admin's and three made by admin
            assertThat(report.auditRecords()).isEqualTo(new MigrationReport.Count(sourceAudit.size(), 0));
            assertThat(report.warnings()).isEmpty();
            assertThat(report.toString()).contains("versions 5 copied, 0 skipped");

            Map<String, Grant> targetGrants = RegistryFixture.policies(target.registry).grants().stream()
                    .collect(Collectors.toMap(Grant::id, Function.identity()));
            for (Grant g : source.policies.grants()) {
                assertThat(targetGrants.get(g.id())).isEqualTo(g);
            }
            assertThat(RegistryFixture.policies(target.registry).roles()).contains(RegistryFixture.AUDITOR);

            List<AuditRecord> copied = RegistryFixture.audit(target.registry).stream()
                    .filter(r -> r.event().details().containsKey(MigrationRun.AUDIT_CHAIN)).toList();
            assertThat(copied).hasSize(sourceAudit.size());
            for (int i = 0; i < copied.size(); i++) {
                AuditRecord original = sourceAudit.get(i);
                AuditRecord c = copied.get(i);
                assertThat(c.event().timestamp()).isEqualTo(original.event().timestamp());
                assertThat(c.event().action()).isEqualTo(original.event().action());
                assertThat(c.event().principal()).isEqualTo(original.event().principal());
                assertThat(c.event().requestId()).isEqualTo(original.event().requestId());
                assertThat(c.event().details()).containsEntry(MigrationRun.AUDIT_SEQUENCE,
                        Long.toString(original.sequence())).containsEntry(MigrationRun.AUDIT_HASH, original.hash());
            }
            assertThat(target.registry.audit().verify().violation()).isNull();

            assertThat(progress).isNotEmpty();
            MigrationProgress lastVersion = progress.stream()
                    .filter(p -> p.stage() == MigrationProgress.Stage.VERSIONS).reduce((a, b) -> b).orElseThrow();
            assertThat(lastVersion.itemsDone()).isEqualTo(5).isEqualTo(lastVersion.itemsTotal());
            assertThat(lastVersion.bytesDone()).isEqualTo(lastVersion.bytesTotal());
            assertThat(lastVersion.fraction()).isEqualTo(1.0);
            assertThat(progress.get(progress.size() - 1).stage()).isEqualTo(MigrationProgress.Stage.AUDIT);
            assertThat(progress.get(progress.size() - 1).itemsDone()).isEqualTo(sourceAudit.size());
        }
    }

    @Test
    @DisplayName("running it twice copies nothing the second time and nothing doubles")
    void idempotent() {
        try (RegistryFixture target = RegistryFixture.empty(tmp.resolve("target"))) {
            RegistryMigration.copy(source.registry, target.registry);
            int auditAfterFirst = RegistryFixture.audit(target.registry).size();
            int grantsAfterFirst = RegistryFixture.policies(target.registry).grants().size();

            MigrationReport second = RegistryMigration.copy(source.registry, target.registry);

            assertThat(second.nothingCopied()).as(second.toString()).isTrue();
            assertThat(second.versions()).isEqualTo(new MigrationReport.Count(0, 5));
            assertThat(second.auditRecords().skipped()).isEqualTo(RegistryFixture.audit(source.registry).size());
            assertThat(RegistryFixture.audit(target.registry)).hasSize(auditAfterFirst);
            assertThat(RegistryFixture.policies(target.registry).grants()).hasSize(grantsAfterFirst);
            assertSameContent(source.registry, target.registry, tmp.resolve("scratch"));
        }
    }

    @Test
    @DisplayName("interrupted by a failing store after a few files, a second run completes the copy")
    void resumesAfterFailure() {
        FailingArtifactStore failing = new FailingArtifactStore(
                ContentAddressedBlobStore.open(tmp.resolve("target/artifacts")), 4);
        try (RegistryFixture target = RegistryFixture.empty(tmp.resolve("target"), failing)) {
            assertThatThrownBy(() -> RegistryMigration.copy(source.registry, target.registry))
                    .isInstanceOf(StorageException.class).hasMessageContaining("Connection reset");
            // whatever is visible is complete: every version there downloads and verifies
            List<ModelVersion> partial = RegistryFixture.versions(target.registry);
            // fraud@1.0.0 (2 files), fraud@1.1.0 (1 new), then fraud@1.2.0 fails on its 2nd file
            assertThat(partial).extracting(v -> v.ref().toString()).containsExactly("fraud@1.0.0", "fraud@1.1.0");
            for (ModelVersion v : partial) {
                target.registry.model(v.model().value()).version(v.version())
                        .download(tmp.resolve("partial").resolve(v.ref().toString().replace('@', '-')));
            }

            failing.heal();
            MigrationReport resumed = RegistryMigration.copy(source.registry, target.registry);

            assertThat(resumed.files().skipped()).isEqualTo(1); // nested/config.json, stored before the failure
            assertThat(resumed.versions()).isEqualTo(new MigrationReport.Count(3, 2));
            assertSameContent(source.registry, target.registry, tmp.resolve("scratch"));
            assertThat(RegistryMigration.copy(source.registry, target.registry).nothingCopied()).isTrue();
        }
    }

    @Test
    @DisplayName("a model filter copies that model with its audit records and model-scoped grants only")
    void filtered() {
        try (RegistryFixture target = RegistryFixture.empty(tmp.resolve("target"))) {
            MigrationReport report = RegistryMigration.copy(source.registry, target.registry, o -> o.model("tokenizer"));

            assertSameContent(source.registry, target.registry, tmp.resolve("scratch"), "tokenizer");
            assertThat(report.models().copied()).isEqualTo(1);
            // dave's, scoped to model:tokenizer, and admin's it is delegated from
            assertThat(report.grants().copied()).isEqualTo(2);
            assertThat(RegistryFixture.audit(target.registry))
                    .filteredOn(r -> r.event().details().containsKey(MigrationRun.AUDIT_CHAIN))
                    .isNotEmpty().allSatisfy(r -> assertThat(r.event().model()).isEqualTo("tokenizer"));
        }
    }

    @Test
    @DisplayName("a target without access control or audit log gets the rest, and the report says what was left out")
    void plainTarget() {
        try (ModelRegistry plain = ModelRegistry.builder().directory(tmp.resolve("plain")).withoutAuditLog().build()) {
            MigrationReport report = RegistryMigration.copy(source.registry, plain, o -> o.audit(true).grants(true));

            assertSameContent(source.registry, plain, tmp.resolve("scratch"));
            assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("grants", "access control"));
            assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("audit records", "no audit log"));
            assertThat(report.grants().copied()).isZero();

            MigrationReport none = RegistryMigration.copy(source.registry, plain, o -> o.audit(false).grants(false));
            assertThat(none.warnings()).isEmpty();
            assertThat(none.nothingCopied()).isTrue();
        }
        assertThatThrownBy(() -> RegistryMigration.copy(source.registry, source.registry))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a version that exists in the target with other files is kept and reported")
    void conflictingVersion() {
        try (RegistryFixture target = RegistryFixture.empty(tmp.resolve("target"))) {
            target.registry.models().register("tokenizer");
            target.registry.model("tokenizer").newVersion().version("1.0.0").content("other.txt", new byte[] {1})
                    .register();

            MigrationReport report = RegistryMigration.copy(source.registry, target.registry);

            assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("tokenizer@1.0.0", "other files"));
            assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("another id"));
            assertSameContent(source.registry, target.registry, tmp.resolve("scratch"), "fraud");
        }
    }

    @Test
    @DisplayName("options and values validate what they are given")
    void values() {
        MigrationOptions o = MigrationOptions.builder().model("fraud").grants(false).audit(false).build();
        assertThat(o.models()).hasSize(1);
        assertThat(o.includes(dev.mvm.api.model.ModelName.of("fraud"))).isTrue();
        assertThat(o.includes(dev.mvm.api.model.ModelName.of("other"))).isFalse();
        assertThat(MigrationOptions.defaults().includes(dev.mvm.api.model.ModelName.of("other"))).isTrue();
        assertThatThrownBy(() -> new MigrationReport.Count(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MigrationProgress(MigrationProgress.Stage.AUDIT, -1, 0, 0, 0, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new MigrationProgress(MigrationProgress.Stage.GRANTS, 0, 0, 0, 0, "").fraction()).isEqualTo(1.0);
        assertThat(new MigrationProgress(MigrationProgress.Stage.AUDIT, 1, 4, 0, 0, "").fraction()).isEqualTo(0.25);
        assertThat(MigrationReport.Count.NONE.total()).isZero();
    }
}
