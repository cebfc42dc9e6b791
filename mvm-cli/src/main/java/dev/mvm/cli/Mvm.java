package dev.mvm.cli;

import dev.mvm.cli.internal.ExitCode;
import dev.mvm.cli.internal.Output;
import dev.mvm.cli.internal.Progress;
import dev.mvm.cli.internal.Session;
import dev.mvm.cli.internal.Settings;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code mvm} command line: the {@link dev.mvm.ModelRegistry} facade for people and scripts.
 *
 * <pre>
 * mvm models register fraud --framework pytorch
 * mvm versions create fraud out/model --metric auc=0.93 --param lr=3e-5
 * mvm publish fraud@1.0.0
 * mvm --json search --filter "metrics.auc &gt; 0.9"
 * </pre>
 *
 * <p>The store is chosen by {@code --registry}, {@code --mlflow} and {@code --s3}, then the environment
 * variables {@code MVM_HOME}, {@code MLFLOW_TRACKING_URI} and {@code MVM_S3_URI}, then a properties file; the
 * embedded registry in {@code ./.mvm} by default. The exit status tells failures apart ({@link ExitCode}).
 *
 * @since 0.1
 */
@Command(name = "mvm", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        usageHelpAutoWidth = true,
        description = "Model version management: register, version, publish, compare, search and govern ML models.",
        subcommands = {ModelsCommand.class, VersionsCommand.class, PublishCommand.class, RollbackCommand.class,
                TransitionCommand.class, SearchCommand.class, CompareCommand.class, GrantsCommand.class,
                AuditCommand.class, GcCommand.class, RetentionCommand.class, MigrateCommand.class, ExportCommand.class,
                ImportCommand.class, BackupCommand.class, CommandLine.HelpCommand.class})
public final class Mvm implements Callable<Integer> {
    @Option(names = "--registry", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Registry directory: embedded stores, audit log, grants (default: $MVM_HOME, config, ./.mvm).")
    @Nullable Path registry;

    @Option(names = "--mlflow", scope = ScopeType.INHERIT, paramLabel = "URI",
            description = "MLflow tracking server for metadata (default: $MLFLOW_TRACKING_URI, config, embedded).")
    @Nullable String mlflow;

    @Option(names = "--s3", scope = ScopeType.INHERIT, paramLabel = "URI",
            description = "S3 location for files, s3://bucket/prefix?endpoint=...&region=... (default: $MVM_S3_URI,"
                    + " config, embedded).")
    @Nullable String s3;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Properties file (default: $MVM_CONFIG, ~/.mvm/config.properties if present).")
    @Nullable Path config;

    @Option(names = "--as", scope = ScopeType.INHERIT, paramLabel = "PRINCIPAL",
            description = "Act as this principal, e.g. user:alice or service:ci (default: $MVM_PRINCIPAL, config,"
                    + " the OS user).")
    @Nullable String principal;

    @Option(names = "--rbac", negatable = true, scope = ScopeType.INHERIT,
            description = "Turn role-based access control on (default: $MVM_RBAC, config, off).")
    @Nullable Boolean rbac;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the result as one JSON document.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "No progress and no notes.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Stack traces on errors and library logs on stderr.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    private final Map<String, String> env;
    private final Path userHome;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;

    Mvm(Map<String, String> env, Path userHome, PrintWriter out, PrintWriter err, boolean terminal) {
        this.env = env;
        this.userHome = userHome;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        boolean verbose = Arrays.stream(args).anyMatch(a -> a.equals("-v") || a.equals("--verbose"));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "off");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, false, StandardCharsets.UTF_8);
        int status = execute(args, System.getenv(), Path.of(System.getProperty("user.home", ".")), out, err,
                System.console() != null);
        out.flush();
        err.flush();
        System.exit(status);
    }

    static int execute(String[] args, Map<String, String> env, Path userHome, PrintWriter out, PrintWriter err,
            boolean terminal) {
        Mvm root = new Mvm(env, userHome, out, err, terminal);
        CommandLine cmd = new CommandLine(root);
        cmd.setOut(out).setErr(err).setCaseInsensitiveEnumValuesAllowed(true);
        cmd.getCommandSpec().usageMessage().footerHeading("%nExit codes:%n").footer(ExitCode.helpLines());
        cmd.setParameterExceptionHandler((ex, args2) -> {
            CommandLine failed = ex.getCommandLine();
            err.println("mvm: " + ex.getMessage());
            err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCode.USAGE.code();
        });
        cmd.setExecutionExceptionHandler((ex, failed, parsed) -> {
            err.println("mvm: " + message(ex));
            if (root.verbose) {
                err.print(stackTrace(ex));
            }
            err.flush();
            return ExitCode.of(ex).code();
        });
        return cmd.execute(args);
    }

    /** Without a subcommand: prints the usage and fails as a usage error. */
    @Override
    public Integer call() {
        CommandLine cl = spec != null ? spec.commandLine() : new CommandLine(this);
        cl.usage(err);
        err.flush();
        return ExitCode.USAGE.code();
    }

    /**
     * Opens the registry the options select.
     *
     * @param withTransferProgress whether file transfers report progress
     * @return the session
     */
    Session openSession(boolean withTransferProgress) {
        Settings settings = Settings.resolve(new Settings.Flags(registry, mlflow, s3, rbac, principal, config), env,
                userHome);
        Output output = output();
        return Session.open(settings, output, Progress.to(err, terminal, quiet), withTransferProgress, env);
    }

    /** @return where results and notes go, as the options say */
    Output output() {
        return new Output(out, err, json, quiet);
    }

    /** @return the environment variables the command line reads */
    Map<String, String> environment() {
        return env;
    }

    /** @return the user's home directory */
    Path userHome() {
        return userHome;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        if (e instanceof dev.mvm.api.error.MvmException mvm && mvm.retryable()) {
            m += " (retryable)";
        }
        return m;
    }

    private static String stackTrace(Throwable e) {
        StringBuilder b = new StringBuilder();
        Throwable t = e;
        String prefix = "";
        while (t != null) {
            b.append(prefix).append(t).append('\n');
            for (StackTraceElement frame : t.getStackTrace()) {
                b.append("\tat ").append(frame).append('\n');
            }
            prefix = "Caused by: ";
            t = t.getCause() == t ? null : t.getCause();
        }
        return b.toString();
    }

    /** Reads the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Mvm.class.getPackage().getImplementationVersion();
            return new String[] {"mvm " + (v != null ? v : "(development build)"),
                "Java " + System.getProperty("java.version")};
        }
    }
}
