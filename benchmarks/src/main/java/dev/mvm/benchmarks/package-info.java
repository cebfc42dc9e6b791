/** JMH benchmarks and scale harnesses; results are reported in docs/en/performance.md. */
@NullMarked
package dev.mvm.benchmarks;

import org.jspecify.annotations.NullMarked;
