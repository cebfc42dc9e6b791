package dev.mvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("mvm jar: exit codes and error messages")
class CliErrorsIT {
    @TempDir
    Path dir;

    MvmProcess mvm;
    Path file;

    @BeforeEach
    void setUp() throws IOException {
        mvm = new MvmProcess(dir);
        file = Files.writeString(dir.resolve("model.txt"), "weights");
    }

    private static void oneLineNoStackTrace(MvmProcess.Result r, String... fragments) {
        assertThat(r.errorLines()).as("error lines on stderr").hasSize(1);
        assertThat(r.errorLines().get(0)).contains(fragments);
        assertThat(r.stderr()).doesNotContain("\tat ", "Exception in thread");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    @DisplayName("3: a model, a version or an environment that does not exist")
    void notFound() {
        oneLineNoStackTrace(mvm.run("models", "show", "nope").exits(3), "Model 'nope'");
        mvm.run("models", "register", "fraud").ok();
        oneLineNoStackTrace(mvm.run("versions", "show", "fraud@9.9.9").exits(3), "9.9.9");
        oneLineNoStackTrace(mvm.run("versions", "download", "fraud@production").exits(3), "production");
        oneLineNoStackTrace(mvm.run("--json", "versions", "list", "ghost").exits(3), "ghost");
    }

    @Test
    @DisplayName("4: a model or version that exists already, a published model deleted")
    void conflict() {
        mvm.run("models", "register", "fraud").ok();
        oneLineNoStackTrace(mvm.run("models", "register", "fraud").exits(4), "already exists");
        mvm.run("versions", "create", "fraud", file.toString(), "--version", "1.0.0").ok();
        oneLineNoStackTrace(mvm.run("versions", "create", "fraud", file.toString(), "--version", "1.0.0").exits(4),
                "1.0.0", "already exists");
        mvm.run("transition", "fraud@1.0.0", "staging").ok();
        mvm.run("publish", "fraud@1.0.0").ok();
        oneLineNoStackTrace(mvm.run("models", "delete", "fraud").exits(4), "unpublish");
    }

    @Test
    @DisplayName("2: invalid names, filters, options and arguments")
    void validation() {
        oneLineNoStackTrace(mvm.run("models", "register", "Bad Name").exits(2), "Bad Name");
        oneLineNoStackTrace(mvm.run("search", "--filter", "framework = = 'x'").exits(2), "position");
        assertThat(mvm.run("models", "list", "--bogus").exits(2).stderr()).contains("--bogus", "--help");
        assertThat(mvm.run("versions", "create", "fraud").exits(2).stderr()).contains("PATH");
        assertThat(mvm.run("versions", "create", "fraud", file.toString(), "--metric", "auc=high").exits(2).stderr())
                .contains("--metric", "high");
        oneLineNoStackTrace(mvm.run("publish", "fraud").exits(2), "model@version");
        oneLineNoStackTrace(mvm.run("gc", "--grace", "soon").exits(2), "Invalid duration 'soon'");
        assertThat(mvm.run().exits(2).stderr()).contains("Usage: mvm", "Exit codes:");
        assertThat(mvm.run("models").exits(2).stderr()).contains("subcommand");
        assertThat(mvm.run("versions", "create", "--help").ok().stdout()).contains("--metric", "--bump", "PATH");
    }

    @Test
    @DisplayName("6: a transition the lifecycle table does not allow names the allowed targets")
    void illegalTransition() {
        mvm.run("models", "register", "fraud").ok();
        mvm.run("versions", "create", "fraud", file.toString(), "--version", "1.0.0").ok();
        oneLineNoStackTrace(mvm.run("transition", "fraud@1.0.0", "production").exits(6), "DRAFT", "STAGING");
    }

    @Test
    @DisplayName("7: stored bytes that no longer match their digest; a tampered audit trail")
    void integrity() throws IOException, SQLException {
        mvm.run("models", "register", "fraud").ok();
        mvm.run("versions", "create", "fraud", file.toString(), "--version", "1.0.0").ok();
        Path blob;
        try (Stream<Path> files = Files.walk(dir.resolve(".mvm/artifacts/blobs"))) {
            blob = files.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.readString(p).equals("weights");
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow();
        }
        blob.toFile().setWritable(true);
        Files.writeString(blob, "WEIGHTS");
        Path target = dir.resolve("download");
        oneLineNoStackTrace(mvm.run("versions", "download", "fraud@1.0.0", "-o", target.toString()).exits(7),
                "model.txt");
        assertThat(target.resolve("model.txt")).as("no partial file is left").doesNotExist();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".mvm/audit.db"));
                Statement st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER IF EXISTS audit_records_no_update");
            st.executeUpdate("UPDATE audit_records SET principal = 'user:mallory' WHERE seq = 1");
        }
        MvmProcess.Result broken = mvm.run("--json", "audit", "verify").exits(7);
        assertThat(broken.json().get("intact").asBoolean()).isFalse();
        assertThat(broken.json().at("/violation/sequence").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("8: an MLflow server that cannot be reached, named in one line")
    void unavailable() {
        mvm.env("MLFLOW_TRACKING_URI", "http://127.0.0.1:1").env("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0");
        oneLineNoStackTrace(mvm.run("models", "list").exits(8), "127.0.0.1:1", "retryable");
    }

    @Test
    @DisplayName("--verbose adds the stack trace to the error line")
    void verbose() {
        MvmProcess.Result r = mvm.run("--verbose", "models", "show", "nope").exits(3);
        assertThat(r.stderr()).contains("mvm: Model 'nope'", "NotFoundException", "\tat ");
    }

    @Test
    @DisplayName("2: store selection that is wrong before anything is stored")
    void badStoreSelection() {
        oneLineNoStackTrace(mvm.run("--s3", "http://bucket", "models", "list").exits(2), "s3://bucket");
        oneLineNoStackTrace(mvm.run("--mlflow", "databricks", "models", "list").exits(2), "databricks");
        oneLineNoStackTrace(mvm.run("--config", dir.resolve("missing.properties").toString(), "models", "list")
                .exits(2), "missing.properties");
    }
}
