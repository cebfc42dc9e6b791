/** Immutable domain values: model names, semantic versions, models, versions and their lineage. */
@NullMarked
package dev.mvm.api.model;

import org.jspecify.annotations.NullMarked;
