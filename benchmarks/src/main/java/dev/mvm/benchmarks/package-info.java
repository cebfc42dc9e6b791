/**
 * JMH benchmarks. Run with {@code java -jar benchmarks/target/benchmarks.jar <name> [JMH options]}.
 */
@NullMarked
package dev.mvm.benchmarks;

import org.jspecify.annotations.NullMarked;
