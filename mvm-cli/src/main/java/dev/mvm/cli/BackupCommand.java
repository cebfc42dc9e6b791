package dev.mvm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.backup.BackupReport;
import dev.mvm.backup.BackupVerification;
import dev.mvm.backup.RegistryBackup;
import dev.mvm.cli.internal.ExitCode;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Output;
import dev.mvm.cli.internal.Progress;
import dev.mvm.cli.internal.Session;
import dev.mvm.cli.internal.UsageException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mvm backup create|verify|restore}: online backup of the embedded registry directory. */
@Command(name = "backup", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = "Online backup of the embedded registry directory, consistent while writers"
        + " are active; verify and restore.",
        subcommands = {BackupCommand.Create.class, BackupCommand.Verify.class, BackupCommand.Restore.class})
final class BackupCommand {

    static ObjectNode verification(BackupVerification v) {
        ObjectNode o = JsonViews.object();
        o.put("sound", v.sound());
        o.put("versions", v.versions());
        o.put("files", v.files());
        o.put("bytes", v.bytes());
        ArrayNode problems = o.putArray("problems");
        v.problems().forEach(problems::add);
        return o;
    }

    static String verificationText(Path dir, BackupVerification v) {
        StringBuilder b = new StringBuilder(v.sound() ? "Registry " + dir + " is sound: " : "Registry " + dir
                + " has " + v.problems().size() + " problem(s): ");
        b.append(v.versions()).append(" versions, ").append(v.files()).append(" files, ")
                .append(Progress.format(v.bytes(), Progress.Unit.BYTES)).append(" re-hashed\n");
        v.problems().forEach(p -> b.append("  ").append(p).append('\n'));
        return b.toString();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Back up the selected embedded registry into an empty directory.",
        "Example: mvm backup create /backups/mvm-2026-11-27"})
    static final class Create extends RegistryCommand {
        @Parameters(paramLabel = "DIR", description = "The backup directory: new or empty.")
        Path target = Path.of("backup");

        @Override
        int run(Session session) {
            if (session.settings().mlflowUri() != null || session.settings().s3Uri() != null) {
                throw new UsageException("mvm backup copies the embedded registry directory; with MLflow or S3 stores"
                        + " use mvm export (or the backends' own backups)");
            }
            OperatorChecks.requireAdminister(session);
            BackupReport report;
            Progress.Task task = session.progress().start("backup", 0, Progress.Unit.BYTES);
            try {
                report = RegistryBackup.create(session.settings().home(), target);
                task.advance(report.bytesCopied());
                task.close();
            } finally {
                task.fail();
            }
            session.output().result(() -> {
                ObjectNode o = JsonViews.object();
                o.put("source", report.source().toString());
                o.put("target", report.target().toString());
                o.put("startedAt", report.startedAt().toString());
                ArrayNode dbs = o.putArray("databases");
                report.databases().forEach(dbs::add);
                o.put("versions", report.versions());
                o.put("blobsCopied", report.blobsCopied());
                o.put("bytesCopied", report.bytesCopied());
                return o;
            }, () -> "Backed up " + report.source() + " to " + report.target() + ": " + report.databases() + ", "
                    + report.versions() + " versions, " + report.blobsCopied() + " files ("
                    + Progress.format(report.bytesCopied(), Progress.Unit.BYTES) + ")");
            return 0;
        }
    }

    /** A backup subcommand that works on directories only, without opening a registry. */
    abstract static class DirectoryCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Output output() {
            return ((Mvm) spec.root().userObject()).output();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Check a backup (or a registry directory at rest): every version's"
            + " manifest and files present and matching their digests; exits with 7 if not.",
        "Example: mvm backup verify /backups/mvm-2026-11-27"})
    static final class Verify extends DirectoryCommand {
        @Parameters(paramLabel = "DIR", description = "The backup or registry directory.")
        Path dir = Path.of("backup");

        @Override
        public Integer call() {
            BackupVerification v = RegistryBackup.verify(dir);
            output().result(() -> verification(v), () -> verificationText(dir, v));
            return v.sound() ? 0 : ExitCode.INTEGRITY.code();
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Restore a backup into a new or empty registry directory, after checking"
            + " it completely.", "Example: mvm backup restore /backups/mvm-2026-11-27 /srv/mvm"})
    static final class Restore extends DirectoryCommand {
        @Parameters(index = "0", paramLabel = "BACKUP", description = "The backup directory.")
        Path backup = Path.of("backup");

        @Parameters(index = "1", paramLabel = "DIR", description = "The registry directory to create.")
        Path target = Path.of(".mvm");

        @Override
        public Integer call() {
            BackupVerification v = RegistryBackup.restore(backup, target);
            output().result(() -> verification(v), () -> "Restored " + backup + " to " + target + "\n"
                    + verificationText(target, v));
            return 0;
        }
    }
}
