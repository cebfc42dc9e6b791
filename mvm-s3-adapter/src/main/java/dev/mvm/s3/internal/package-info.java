/** Implementation of the S3 artifact store: key layout, transfers, error translation. Not public API. */
@NullMarked
package dev.mvm.s3.internal;

import org.jspecify.annotations.NullMarked;
