package dev.mvm.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Settings: flags > environment > config file > defaults")
class SettingsTest {
    @TempDir
    Path home;

    private static Settings.Flags none() {
        return new Settings.Flags(null, null, null, null, null, null);
    }

    @Test
    @DisplayName("nothing given: the embedded registry in ./.mvm, access control off, the OS user")
    void defaults() {
        Settings s = Settings.resolve(none(), Map.of(), home);
        assertThat(s.home()).isEqualTo(Path.of(".mvm"));
        assertThat(s.mlflowUri()).isNull();
        assertThat(s.s3Uri()).isNull();
        assertThat(s.rbac()).isFalse();
        assertThat(s.principal()).isNull();
        assertThat(s.configFile()).isNull();
    }

    @Test
    @DisplayName("each setting is taken from the first source that has it")
    void precedence() throws IOException {
        Path config = Files.writeString(home.resolve("c.properties"), String.join("\n",
                "registry.dir=reg", "mlflow.tracking-uri=http://config:5000", "s3.uri=s3://config/p",
                "access.rbac=true", "principal=user:config"));
        Settings fromConfig = Settings.resolve(new Settings.Flags(null, null, null, null, null, config), Map.of(), home);
        assertThat(fromConfig.home()).isEqualTo(home.toAbsolutePath().resolve("reg"));
        assertThat(fromConfig.mlflowUri()).isEqualTo("http://config:5000");
        assertThat(fromConfig.s3Uri()).isEqualTo("s3://config/p");
        assertThat(fromConfig.rbac()).isTrue();
        assertThat(fromConfig.principal()).isEqualTo("user:config");

        Map<String, String> env = Map.of("MVM_CONFIG", config.toString(), "MVM_HOME", "/env/home",
                "MLFLOW_TRACKING_URI", "http://env:5000", "MVM_S3_URI", "s3://env/p", "MVM_RBAC", "false",
                "MVM_PRINCIPAL", "service:env");
        Settings fromEnv = Settings.resolve(none(), env, home);
        assertThat(fromEnv.home()).isEqualTo(Path.of("/env/home"));
        assertThat(fromEnv.mlflowUri()).isEqualTo("http://env:5000");
        assertThat(fromEnv.s3Uri()).isEqualTo("s3://env/p");
        assertThat(fromEnv.rbac()).isFalse();
        assertThat(fromEnv.principal()).isEqualTo("service:env");
        assertThat(fromEnv.configFile()).isEqualTo(config);

        Settings fromFlags = Settings.resolve(new Settings.Flags(Path.of("flag"), "http://flag:5000", "s3://flag/p",
                true, "user:flag", null), env, home);
        assertThat(fromFlags.home()).isEqualTo(Path.of("flag"));
        assertThat(fromFlags.mlflowUri()).isEqualTo("http://flag:5000");
        assertThat(fromFlags.s3Uri()).isEqualTo("s3://flag/p");
        assertThat(fromFlags.rbac()).isTrue();
        assertThat(fromFlags.principal()).isEqualTo("user:flag");
    }

    @Test
    @DisplayName("~/.mvm/config.properties is read when present; a named file must exist")
    void configFiles() throws IOException {
        Files.createDirectories(home.resolve(".mvm"));
        Files.writeString(home.resolve(".mvm/config.properties"), "retention.keep-last = 5\n");
        Settings s = Settings.resolve(none(), Map.of(), home);
        assertThat(s.configValue("retention.keep-last")).contains("5");
        assertThat(s.configValue("retention.action")).isEmpty();

        assertThatThrownBy(() -> Settings.resolve(new Settings.Flags(null, null, null, null, null,
                home.resolve("nope.properties")), Map.of(), home))
                .isInstanceOf(UsageException.class).hasMessageContaining("nope.properties");
        assertThatThrownBy(() -> Settings.resolve(none(), Map.of("MVM_RBAC", "maybe"), home))
                .isInstanceOf(UsageException.class).hasMessageContaining("MVM_RBAC").hasMessageContaining("maybe");
    }
}
