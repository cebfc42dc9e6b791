package dev.mvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mvm jar: store selection, config precedence and the launcher")
class CliSettingsIT {
    @TempDir
    Path dir;

    MvmProcess mvm;

    @BeforeEach
    void setUp() {
        mvm = new MvmProcess(dir);
    }

    private boolean holds(Path registry, String model) {
        return Files.isRegularFile(registry.resolve("registry.db"))
                && mvm.run("--registry", registry.toString(), "models", "show", model).exitCode() == 0;
    }

    @Test
    @DisplayName("the embedded registry in ./.mvm by default")
    void defaultDirectory() {
        mvm.run("models", "register", "a").ok();
        assertThat(holds(dir.resolve(".mvm"), "a")).isTrue();
    }

    @Test
    @DisplayName("flags beat environment variables, which beat the config file")
    void precedence() throws IOException {
        Path config = Files.writeString(dir.resolve("mvm.properties"), "registry.dir=from-config\n");
        mvm.run("--config", config.toString(), "models", "register", "c").ok();
        assertThat(holds(dir.resolve("from-config"), "c")).as("config file, relative to its directory").isTrue();

        mvm.env("MVM_CONFIG", config.toString()).env("MVM_HOME", dir.resolve("from-env").toString());
        mvm.run("models", "register", "e").ok();
        assertThat(holds(dir.resolve("from-env"), "e")).as("environment over config").isTrue();

        mvm.run("--registry", dir.resolve("from-flag").toString(), "models", "register", "f").ok();
        assertThat(holds(dir.resolve("from-flag"), "f")).as("flag over environment").isTrue();
        assertThat(holds(dir.resolve("from-env"), "f")).isFalse();
        assertThat(holds(dir.resolve("from-config"), "e")).isFalse();
    }

    @Test
    @DisplayName("~/.mvm/config.properties is read when present, including access control and principal")
    void userConfig() throws IOException {
        Files.createDirectories(mvm.userHome().resolve(".mvm"));
        Files.writeString(mvm.userHome().resolve(".mvm/config.properties"),
                "registry.dir=" + dir.resolve("team").toString().replace("\\", "/") + "\naccess.rbac=true\n"
                        + "principal=user:carol\n");
        mvm.run("grants", "bootstrap", "user:carol").ok();
        mvm.run("models", "register", "u").ok();
        assertThat(holds(dir.resolve("team"), "u")).isTrue();
        assertThat(mvm.run("--as", "dave", "models", "register", "v").exitCode()).isEqualTo(5);
        assertThat(mvm.run("--no-rbac", "--as", "dave", "models", "register", "v").exitCode()).isZero();
    }

    @Test
    @DisplayName("the launcher script finds the jar and passes arguments and the exit status through")
    void launcher() {
        Path script = Path.of(System.getProperty("mvm.launcher"));
        assertThat(script).isExecutable();
        mvm.env("MVM_JAR", MvmProcess.jar().toString());
        MvmProcess.Result version = mvm.exec(List.of(script.toString(), "--version")).ok();
        assertThat(version.stdout()).startsWith("mvm 0.1");
        mvm.exec(List.of(script.toString(), "models", "show", "nothing")).exits(3);
        assertThat(mvm.exec(List.of(script.toString(), "--json", "models", "list")).ok().stdout().strip())
                .isEqualTo("[ ]");
    }
}
