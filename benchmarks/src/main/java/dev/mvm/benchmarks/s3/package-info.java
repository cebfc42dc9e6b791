/** Transfer benchmark of the S3 artifact store against the SDK's S3TransferManager on S3Mock. */
@NullMarked
package dev.mvm.benchmarks.s3;

import org.jspecify.annotations.NullMarked;
