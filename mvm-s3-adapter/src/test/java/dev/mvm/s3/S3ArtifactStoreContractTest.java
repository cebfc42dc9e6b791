package dev.mvm.s3;

import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.contract.ArtifactStoreContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The ArtifactStore contract against Adobe S3Mock on loopback, in both layouts. */
@DisplayName("S3ArtifactStore on S3Mock")
class S3ArtifactStoreContractTest {
    private static String bucket;

    @BeforeAll
    static void createBucket() {
        bucket = S3MockServer.newBucket();
    }

    @Nested
    @DisplayName("content-addressed layout")
    class ContentAddressed extends ArtifactStoreContract {
        @Override
        protected ArtifactStore openStore() {
            return S3MockServer.store(bucket).prefix("cas").layout(Layout.CONTENT_ADDRESSED).build();
        }
    }

    @Nested
    @DisplayName("version-tree layout")
    class VersionTree extends ArtifactStoreContract {
        @Override
        protected ArtifactStore openStore() {
            return S3MockServer.store(bucket).prefix("tree").layout(Layout.VERSION_TREE).build();
        }

        @Override
        protected boolean supportsGarbageCollection() {
            return false;
        }
    }
}
