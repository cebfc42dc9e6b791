/**
 * The {@code mvm} command line over the {@link dev.mvm.ModelRegistry} facade: {@link dev.mvm.cli.Mvm} is the
 * entry point of the runnable jar.
 *
 * @since 0.1
 */
@NullMarked
package dev.mvm.cli;

import org.jspecify.annotations.NullMarked;
