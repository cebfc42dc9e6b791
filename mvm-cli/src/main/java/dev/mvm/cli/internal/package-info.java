/**
 * The machinery of the command line: store selection and configuration, output as tables or JSON,
 * progress, exit codes. Not an API: it changes with the command line.
 */
@NullMarked
package dev.mvm.cli.internal;

import org.jspecify.annotations.NullMarked;
