/** Artifact values: SHA-256 digests, relative paths inside a version, and the manifest of a version's files. */
@NullMarked
package dev.mvm.api.artifact;

import org.jspecify.annotations.NullMarked;
