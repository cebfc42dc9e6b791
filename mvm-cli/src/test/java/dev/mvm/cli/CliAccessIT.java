package dev.mvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mvm jar: access control with --rbac and --as")
class CliAccessIT {
    @TempDir
    Path dir;

    @Test
    @DisplayName("nothing without a grant; bootstrap, grant, act, revoke; denials audited")
    void grants() throws IOException {
        MvmProcess mvm = new MvmProcess(dir);
        Path file = Files.writeString(dir.resolve("model.txt"), "weights");

        MvmProcess.Result off = mvm.run("grants", "list").exits(2);
        assertThat(off.stderr()).contains("--rbac");

        mvm.run("--rbac", "--as", "user:root", "models", "register", "fraud").exits(5);
        JsonNode admin = mvm.run("--json", "--rbac", "grants", "bootstrap", "user:root").ok().json();
        assertThat(admin.get("role").asText()).isEqualTo("admin");
        assertThat(admin.get("scope").asText()).isEqualTo("global");
        mvm.run("--rbac", "grants", "bootstrap", "user:eve").exits(4);

        mvm.run("--rbac", "--as", "user:root", "models", "register", "fraud").ok();
        MvmProcess.Result denied = mvm.run("--rbac", "--as", "alice", "versions", "create", "fraud", file.toString());
        denied.exits(5);
        assertThat(denied.errorLines()).singleElement().asString().contains("user:alice");

        JsonNode grant = mvm.run("--json", "--rbac", "--as", "user:root", "grants", "grant", "user:alice",
                "contributor", "--scope", "model:fraud", "--expires", "30d").ok().json();
        String grantId = grant.get("id").asText();
        assertThat(grant.get("expiresAt").isNull()).isFalse();
        mvm.run("--rbac", "--as", "alice", "versions", "create", "fraud", file.toString()).ok();
        mvm.run("--rbac", "--as", "alice", "transition", "fraud@0.1.0", "staging").exits(5);

        JsonNode mine = mvm.env("MVM_PRINCIPAL", "user:alice").run("--json", "--rbac", "grants", "list").ok().json();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("role").asText()).isEqualTo("contributor");
        mvm.run("--rbac", "grants", "list", "--all").exits(5);

        JsonNode all = mvm.run("--json", "--rbac", "--as", "root", "grants", "list", "--all").ok().json();
        List<String> principals = new ArrayList<>();
        all.forEach(g -> principals.add(g.get("principal").asText()));
        assertThat(principals).containsExactly("user:root", "user:alice");

        mvm.run("--rbac", "--as", "root", "grants", "revoke", grantId).ok();
        mvm.run("--rbac", "--as", "root", "grants", "revoke", grantId).exits(3);
        mvm.run("--rbac", "--as", "alice", "versions", "list", "fraud").exits(5);

        JsonNode denials = mvm.run("--json", "--rbac", "--as", "root", "audit", "query", "--outcome", "denied",
                "--principal", "user:alice").ok().json();
        assertThat(denials.size()).isGreaterThanOrEqualTo(2);
        denials.forEach(r -> assertThat(r.get("outcome").asText()).isEqualTo("DENIED"));
    }
}
