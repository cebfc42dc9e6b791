/**
 * Internals of the MLflow adapter: the REST client with retries and error mapping, credentials and TLS,
 * and the codecs that map MVM values to MLflow registered models, versions, tags and aliases. Not API.
 */
@NullMarked
package dev.mvm.mlflow.internal;

import org.jspecify.annotations.NullMarked;
