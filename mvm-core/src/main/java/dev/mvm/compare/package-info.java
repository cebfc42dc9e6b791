/**
 * Comparison of model versions: metrics with their directions, parameters and tags, model structure (from
 * {@link dev.mvm.inspect.StructureReader}), files, and a suggested semantic-version bump; the result is a
 * {@link dev.mvm.compare.Comparison} with a stable id, kept in a {@link dev.mvm.compare.ComparisonStore}
 * and rendered by {@link dev.mvm.compare.ReportFormat} as JSON, Markdown or a self-contained HTML page.
 * Start with {@link dev.mvm.compare.Comparisons#of(dev.mvm.ModelRegistry)}.
 */
@NullMarked
package dev.mvm.compare;

import org.jspecify.annotations.NullMarked;
