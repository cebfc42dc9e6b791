/**
 * Contract suites for the SPIs: abstract JUnit 5 classes that every implementation's test extends, so the
 * embedded, MLflow and S3 stores are held to the same behaviour. Shipped in mvm-core's test-jar.
 */
@NullMarked
package dev.mvm.contract;

import org.jspecify.annotations.NullMarked;
