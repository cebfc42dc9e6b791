package dev.mvm.cli.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Where the command line's registry lives and who it acts as, resolved from flags, then environment
 * variables, then a properties file, then the defaults.
 *
 * @param home the local registry directory: the embedded stores, and the audit log, grants and kept
 *     comparisons of every registry
 * @param mlflowUri the MLflow tracking server holding the metadata, or {@code null} for the embedded store
 * @param s3Uri the S3 location holding the files ({@code s3://bucket/prefix?endpoint=...}), or {@code null} for
 *     the embedded blob directory
 * @param rbac whether role-based access control is on (otherwise the local owner may do everything)
 * @param principal who the command acts as, e.g. {@code user:alice}, or {@code null} for the OS user
 * @param configFile the properties file that was read, or {@code null} if none
 * @param config every entry of that file (e.g. the {@code retention.*} keys), empty without one
 */
public record Settings(Path home, @Nullable String mlflowUri, @Nullable String s3Uri, boolean rbac,
        @Nullable String principal, @Nullable Path configFile, Map<String, String> config) {

    /** Environment variable: the registry directory. */
    public static final String ENV_HOME = "MVM_HOME";
    /** Environment variable: the MLflow tracking server (the one MLflow itself reads). */
    public static final String ENV_MLFLOW = "MLFLOW_TRACKING_URI";
    /** Environment variable: the S3 location of the files. */
    public static final String ENV_S3 = "MVM_S3_URI";
    /** Environment variable: {@code true} to turn on access control. */
    public static final String ENV_RBAC = "MVM_RBAC";
    /** Environment variable: the principal to act as. */
    public static final String ENV_PRINCIPAL = "MVM_PRINCIPAL";
    /** Environment variable: the properties file. */
    public static final String ENV_CONFIG = "MVM_CONFIG";

    /** Config key: the registry directory (relative paths are resolved against the file's directory). */
    public static final String KEY_HOME = "registry.dir";
    /** Config key: the MLflow tracking server. */
    public static final String KEY_MLFLOW = "mlflow.tracking-uri";
    /** Config key: the S3 location of the files. */
    public static final String KEY_S3 = "s3.uri";
    /** Config key: {@code true} to turn on access control. */
    public static final String KEY_RBAC = "access.rbac";
    /** Config key: the principal to act as. */
    public static final String KEY_PRINCIPAL = "principal";

    /** The registry directory when nothing else names one. */
    public static final Path DEFAULT_HOME = Path.of(".mvm");

    /**
     * What was given on the command line; {@code null} where an option was not given.
     *
     * @param home {@code --registry}
     * @param mlflowUri {@code --mlflow}
     * @param s3Uri {@code --s3}
     * @param rbac {@code --rbac} / {@code --no-rbac}
     * @param principal {@code --as}
     * @param configFile {@code --config}
     */
    public record Flags(@Nullable Path home, @Nullable String mlflowUri, @Nullable String s3Uri,
            @Nullable Boolean rbac, @Nullable String principal, @Nullable Path configFile) {
    }

    /**
     * Resolves the settings: flags beat environment variables, which beat the config file, which beats the
     * defaults. The config file is {@code --config}, else {@code $MVM_CONFIG}, else
     * {@code ~/.mvm/config.properties} if it exists.
     *
     * @param flags what the command line gave
     * @param env the environment variables
     * @param userHome the user's home directory
     * @return the settings
     * @throws UsageException if a named config file is missing or unreadable, or a value is malformed
     */
    public static Settings resolve(Flags flags, Map<String, String> env, Path userHome) {
        Path configFile = flags.configFile();
        boolean named = true;
        if (configFile == null && notBlank(env.get(ENV_CONFIG))) {
            configFile = Path.of(env.get(ENV_CONFIG));
        }
        if (configFile == null) {
            configFile = userHome.resolve(".mvm").resolve("config.properties");
            named = false;
        }
        Properties config = new Properties();
        Path readFile = null;
        if (Files.isRegularFile(configFile)) {
            try (Reader in = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                config.load(in);
                readFile = configFile;
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException("Cannot read config file " + configFile + ": " + e.getMessage());
            }
        } else if (named) {
            throw new UsageException("Config file " + configFile + " does not exist; pass an existing properties"
                    + " file to --config (or " + ENV_CONFIG + "), or leave both unset");
        }

        Path home;
        if (flags.home() != null) {
            home = flags.home();
        } else if (notBlank(env.get(ENV_HOME))) {
            home = Path.of(env.get(ENV_HOME));
        } else if (notBlank(config.getProperty(KEY_HOME))) {
            Path configured = Path.of(config.getProperty(KEY_HOME).strip());
            Path base = readFile == null ? null : readFile.toAbsolutePath().getParent();
            home = configured.isAbsolute() || base == null ? configured : base.resolve(configured);
        } else {
            home = DEFAULT_HOME;
        }
        String mlflow = first(flags.mlflowUri(), env.get(ENV_MLFLOW), config.getProperty(KEY_MLFLOW));
        String s3 = first(flags.s3Uri(), env.get(ENV_S3), config.getProperty(KEY_S3));
        boolean rbac;
        if (flags.rbac() != null) {
            rbac = flags.rbac();
        } else if (notBlank(env.get(ENV_RBAC))) {
            rbac = bool(ENV_RBAC, env.get(ENV_RBAC));
        } else if (notBlank(config.getProperty(KEY_RBAC))) {
            rbac = bool(KEY_RBAC + " in " + readFile, config.getProperty(KEY_RBAC));
        } else {
            rbac = false;
        }
        String principal = first(flags.principal(), env.get(ENV_PRINCIPAL), config.getProperty(KEY_PRINCIPAL));
        Map<String, String> entries = new java.util.TreeMap<>();
        config.stringPropertyNames().forEach(k -> entries.put(k, config.getProperty(k).strip()));
        return new Settings(home, mlflow, s3, rbac, principal, readFile, entries);
    }

    /** Checks the home; copies the config entries. */
    public Settings {
        Objects.requireNonNull(home, "home");
        config = Map.copyOf(config);
    }

    /**
     * @param key a config file key
     * @return its value, if the config file sets it
     */
    public java.util.Optional<String> configValue(String key) {
        return java.util.Optional.ofNullable(config.get(key)).filter(v -> !v.isBlank());
    }

    /**
     * The same selection of principal and access control over other stores, e.g. the target of a migration.
     *
     * @param home the other registry directory
     * @param mlflowUri the other MLflow server, or {@code null}
     * @param s3Uri the other S3 location, or {@code null}
     * @param rbac whether the other registry enforces access control
     * @return the settings of the other registry
     */
    public Settings elsewhere(Path home, @Nullable String mlflowUri, @Nullable String s3Uri, boolean rbac) {
        return new Settings(home, mlflowUri, s3Uri, rbac, principal, configFile, config);
    }

    private static @Nullable String first(@Nullable String... values) {
        for (String v : values) {
            if (notBlank(v)) {
                return v.strip();
            }
        }
        return null;
    }

    private static boolean notBlank(@Nullable String s) {
        return s != null && !s.isBlank();
    }

    private static boolean bool(String what, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new UsageException("Invalid " + what + " '" + value + "': expected true or false");
        };
    }
}
