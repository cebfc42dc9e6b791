package dev.mvm.cli.internal;

/**
 * The command line asked for something that cannot be done as asked (a missing config file, access commands
 * without access control); exits with {@link ExitCode#USAGE}.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what is allowed */
    public UsageException(String message) {
        super(message);
    }
}
