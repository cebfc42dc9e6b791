/**
 * A {@link dev.mvm.api.spi.RegistryStore} on an MLflow tracking server's Model Registry REST API:
 * {@link dev.mvm.mlflow.MlflowRegistryStore}.
 */
@NullMarked
package dev.mvm.mlflow;

import org.jspecify.annotations.NullMarked;
