package dev.mvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mvm jar: retention, migration, export and import, backup")
class CliOperationsIT {
    @TempDir
    Path dir;

    MvmProcess mvm;

    /** fraud 0.1.0 (published to production), 0.2.0, 0.3.0, 0.4.0, each with files of its own. */
    @BeforeEach
    void fourVersions() throws IOException {
        mvm = new MvmProcess(dir);
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.write(model.resolve("weights.bin"), new byte[20_000]);
        mvm.run("models", "register", "fraud").ok();
        for (int i = 1; i <= 4; i++) {
            Files.writeString(model.resolve("version.txt"), "version " + i);
            mvm.run("-q", "versions", "create", "fraud", model.toString(), "--metric", "auc=0.9" + i).ok();
        }
        mvm.run("transition", "fraud@0.1.0", "staging").ok();
        mvm.run("publish", "fraud@0.1.0").ok();
    }

    private List<String> states(String... registry) {
        List<String> args = new ArrayList<>(Arrays.asList(registry));
        args.addAll(List.of("--json", "versions", "list", "fraud"));
        List<String> states = new ArrayList<>();
        mvm.run(args.toArray(String[]::new)).ok().json()
                .forEach(v -> states.add(v.get("version").asText() + " " + v.get("state").asText()));
        return states;
    }

    @Test
    @DisplayName("retention: the dry run shows the plan and changes nothing; apply archives what is not kept")
    void retention() {
        JsonNode plan = mvm.run("--json", "retention", "--keep-last", "1", "--dry-run").ok().json();
        assertThat(plan.get("removals").asInt()).isEqualTo(2);
        assertThat(plan.at("/decisions/0/keptBecause/0").asText()).isEqualTo("ENVIRONMENT_POINTER");
        assertThat(plan.at("/decisions/3/keptBecause/0").asText()).isEqualTo("LATEST");
        assertThat(states()).containsExactly("0.1.0 PRODUCTION", "0.2.0 DRAFT", "0.3.0 DRAFT", "0.4.0 DRAFT");

        JsonNode applied = mvm.run("--json", "retention", "--keep-last", "1").ok().json();
        assertThat(applied.get("removed")).hasSize(2);
        assertThat(applied.get("failures")).isEmpty();
        assertThat(states()).containsExactly("0.1.0 PRODUCTION", "0.2.0 ARCHIVED", "0.3.0 ARCHIVED", "0.4.0 DRAFT");

        assertThat(mvm.run("retention").exits(2).stderr()).contains("--keep-last");
    }

    @Test
    @DisplayName("retention reads its policy from the config file and can delete")
    void retentionFromConfig() throws IOException {
        Path config = Files.writeString(dir.resolve("mvm.properties"),
                "registry.dir=.mvm\nretention.keep-last=2\nretention.action=delete\n");
        JsonNode applied = mvm.run("--json", "--config", config.toString(), "retention").ok().json();
        assertThat(applied.get("removed")).hasSize(1);
        assertThat(states()).containsExactly("0.1.0 PRODUCTION", "0.3.0 DRAFT", "0.4.0 DRAFT");
    }

    @Test
    @DisplayName("export and import: a verified archive; importing twice copies nothing the second time")
    void exportImport() throws IOException {
        Path archive = dir.resolve("fraud.mvm.zip");
        JsonNode exported = mvm.run("--json", "export", archive.toString()).ok().json();
        assertThat(exported.at("/versions/copied").asLong()).isEqualTo(4);
        assertThat(archive).isRegularFile();

        JsonNode summary = mvm.run("--json", "import", "--verify-only", archive.toString()).ok().json();
        assertThat(summary.get("versions").asLong()).isEqualTo(4);
        assertThat(summary.get("auditRecords").asLong()).isPositive();

        JsonNode first = mvm.run("--json", "--registry", "copy", "import", archive.toString()).ok().json();
        assertThat(first.at("/versions/copied").asLong()).isEqualTo(4);
        assertThat(first.at("/pointerMoves/copied").asLong()).isEqualTo(1);
        JsonNode second = mvm.run("--json", "--registry", "copy", "import", archive.toString()).ok().json();
        assertThat(second.get("nothingCopied").asBoolean()).isTrue();
        assertThat(states("--registry", "copy")).isEqualTo(states());
        mvm.run("--registry", "copy", "versions", "download", "fraud@production", "-o", "served").ok();
        assertThat(Files.readString(dir.resolve("served/version.txt"))).isEqualTo("version 1");

        byte[] bytes = Files.readAllBytes(archive);
        Path truncated = Files.write(dir.resolve("truncated.zip"), Arrays.copyOf(bytes, bytes.length / 2));
        MvmProcess.Result damaged = mvm.run("--registry", "other", "import", truncated.toString());
        assertThat(damaged.exitCode()).as(damaged.stderr()).isIn(2, 7);
        assertThat(damaged.errorLines()).hasSize(1);
        assertThat(mvm.run("--registry", "other", "--json", "models", "list").ok().json())
                .as("nothing is written from a damaged archive").isEmpty();
    }

    @Test
    @DisplayName("migrate copies everything to another registry, verified, and is idempotent")
    void migrate() {
        JsonNode report = mvm.run("--json", "migrate", "--to-registry", "team").ok().json();
        assertThat(report.at("/models/copied").asLong()).isEqualTo(1);
        assertThat(report.at("/versions/copied").asLong()).isEqualTo(4);
        assertThat(report.get("bytesCopied").asLong()).isPositive();
        assertThat(states("--registry", "team")).isEqualTo(states());
        JsonNode again = mvm.run("--json", "migrate", "--to-registry", "team").ok().json();
        assertThat(again.get("nothingCopied").asBoolean()).isTrue();
        assertThat(mvm.run("--json", "--registry", "team", "audit", "verify").ok().json().get("intact").asBoolean())
                .isTrue();
        assertThat(mvm.run("migrate", "--to-registry", ".mvm").exits(2).stderr()).contains("source");
    }

    @Test
    @DisplayName("backup create, verify and restore a consistent copy; a damaged backup exits with 7")
    void backup() throws IOException {
        JsonNode created = mvm.run("--json", "backup", "create", "bk").ok().json();
        assertThat(created.get("versions").asLong()).isEqualTo(4);
        assertThat(mvm.run("--json", "backup", "verify", "bk").ok().json().get("sound").asBoolean()).isTrue();
        mvm.run("backup", "restore", "bk", "restored").ok();
        assertThat(states("--registry", "restored")).isEqualTo(states());

        Path blob;
        try (var files = Files.walk(dir.resolve("bk/artifacts/blobs"))) {
            blob = files.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.size(p) == 20_000;
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow();
        }
        blob.toFile().setWritable(true);
        Files.write(blob, new byte[] {1, 2, 3});
        JsonNode damaged = mvm.run("--json", "backup", "verify", "bk").exits(7).json();
        assertThat(damaged.get("sound").asBoolean()).isFalse();
        assertThat(damaged.get("problems").size()).isPositive();

        assertThat(mvm.run("--s3", "s3://bucket/x?region=us-east-1", "backup", "create", "bk2").exits(2).stderr())
                .contains("export");
    }

    @Test
    @DisplayName("under access control the operator commands need ADMINISTER")
    void operatorsOnly() {
        mvm.run("--rbac", "grants", "bootstrap", "user:root").ok();
        mvm.run("--rbac", "--as", "user:root", "grants", "grant", "user:alice", "owner").ok();
        mvm.run("--rbac", "--as", "alice", "export", "a.zip").exits(5);
        mvm.run("--rbac", "--as", "alice", "migrate", "--to-registry", "team").exits(5);
        mvm.run("--rbac", "--as", "alice", "gc", "--dry-run").exits(5);
        mvm.run("--rbac", "--as", "root", "gc", "--dry-run").ok();
        mvm.run("--rbac", "--as", "root", "export", "a.zip").ok();
    }
}
