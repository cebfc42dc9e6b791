/**
 * Model structure: the {@link dev.mvm.api.inspect.StructureInspector} service provider interface, found with
 * {@link java.util.ServiceLoader}, and the immutable values it returns (tensors, layers, graph inputs and
 * outputs, operator counts, metadata keys). Inspectors read files through a {@link dev.mvm.api.inspect.RangeSource},
 * so they fetch headers only, never whole weight files.
 */
@NullMarked
package dev.mvm.api.inspect;

import org.jspecify.annotations.NullMarked;
