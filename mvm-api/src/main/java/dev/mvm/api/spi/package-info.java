/**
 * Service provider interfaces. A {@link dev.mvm.api.spi.RegistryStore} keeps metadata, an
 * {@link dev.mvm.api.spi.ArtifactStore} keeps bytes. Optional operations are {@code default} methods that
 * throw {@link java.lang.UnsupportedOperationException}; optional capabilities are separate interfaces.
 */
@NullMarked
package dev.mvm.api.spi;

import org.jspecify.annotations.NullMarked;
