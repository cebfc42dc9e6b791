/**
 * An {@link dev.mvm.api.spi.ArtifactStore} on S3-compatible object storage (AWS S3, MinIO, Ceph, Alibaba
 * OSS), built on AWS SDK for Java v2. Start at {@link dev.mvm.s3.S3ArtifactStore#builder()} or
 * {@link dev.mvm.s3.S3ArtifactStore#fromUri(String)}.
 */
@NullMarked
package dev.mvm.s3;

import org.jspecify.annotations.NullMarked;
