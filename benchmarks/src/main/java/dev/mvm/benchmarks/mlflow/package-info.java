/** The MLflow workflow comparison: MVM's MLflow store against MLflow's own Python client on one server. */
@NullMarked
package dev.mvm.benchmarks.mlflow;

import org.jspecify.annotations.NullMarked;
