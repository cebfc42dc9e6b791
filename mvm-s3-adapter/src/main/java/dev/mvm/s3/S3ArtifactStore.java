package dev.mvm.s3;

import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.IntegrityException;
import dev.mvm.api.error.MvmException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.ArtifactStore;
import dev.mvm.api.spi.StoredBlob;
import dev.mvm.api.spi.SupportsDownloadLinks;
import dev.mvm.api.spi.SupportsGarbageCollection;
import dev.mvm.s3.internal.KeyScheme;
import dev.mvm.s3.internal.ObjectUploader;
import dev.mvm.s3.internal.ParallelRangeInputStream;
import dev.mvm.s3.internal.PreparedContent;
import dev.mvm.s3.internal.S3ErrorTranslator;
import dev.mvm.s3.internal.S3StoreSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * An {@link ArtifactStore} on S3-compatible object storage: AWS S3, MinIO, Ceph RGW, Alibaba OSS and others
 * that speak the S3 protocol. Built on AWS SDK for Java v2 with an explicitly chosen HTTP client (Apache),
 * never the CRT client.
 *
 * <p>Every write hashes the content with SHA-256 before anything is sent, so the object key and whether the
 * content is already stored are decided first; the bytes then go up as one PUT (with the SHA-256 as S3
 * additional checksum) or as a parallel multipart upload (with a CRC32C per part, computed in the same pass),
 * so S3 refuses bytes that differ from the hashed ones. A failed or interrupted multipart upload is aborted.
 * Reads fetch ranges ahead of the reader in parallel; {@link #download} re-hashes every byte and only then
 * moves the file into place.
 *
 * <p>Two {@link Layout layouts}: content-addressed blobs (identical content stored once, conditional writes,
 * garbage collection of unreferenced blobs) or a browsable version tree (identical content copied on the
 * server, never uploaded twice).
 *
 * <pre>{@code
 * ArtifactStore store = S3ArtifactStore.builder()
 *     .bucket("models").prefix("mvm")
 *     .layout(Layout.VERSION_TREE)
 *     .build();
 * ArtifactStore minio = S3ArtifactStore.fromUri(
 *     "s3://models/mvm?endpoint=http://127.0.0.1:9000&region=us-east-1&pathStyle=true");
 * }</pre>
 *
 * <p>Thread-safe. Close it to release the HTTP connections and transfer threads.
 *
 * @since 0.1
 */
public final class S3ArtifactStore implements ArtifactStore, SupportsGarbageCollection, SupportsDownloadLinks {
    private static final String SHA_METADATA = "mvm-sha256";
    private static final String REFRESHED_METADATA = "mvm-refreshed";
    private static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;

    private final S3StoreSettings settings;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final ExecutorService transfers;
    private final ObjectUploader uploader;
    private final ParallelRangeInputStream.RetryPolicy bodyRetry;
    private final KeyScheme keys;
    private final String bucket;
    private final TransferProgress progress;

    private S3ArtifactStore(Builder builder) {
        this.settings = builder.settings();
        this.bucket = settings.bucket();
        this.keys = KeyScheme.of(settings.prefix());
        this.s3 = settings.newClient();
        this.presigner = settings.newPresigner();
        this.transfers = settings.newTransferPool();
        this.uploader = new ObjectUploader(s3, transfers, settings.additionalChecksums());
        this.bodyRetry = new ParallelRangeInputStream.RetryPolicy(settings.maxAttempts(), settings.retryBaseDelay(),
                delay -> Thread.sleep(delay.toMillis()));
        this.progress = builder.progress;
    }

    /**
     * @return a builder; only the bucket is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a store from a URI such as
     * {@code s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1&pathStyle=true}.
     * Parameters: {@code endpoint}, {@code region}, {@code pathStyle}, {@code layout}
     * ({@code content-addressed} or {@code version-tree}), {@code partSize} (bytes, or with a {@code MiB}
     * suffix), {@code concurrency}, {@code checksums}, {@code maxAttempts}, {@code profile}. Credentials come
     * from the default provider chain (or the named profile); a URI never carries secrets.
     *
     * @param uri the URI
     * @return the store
     * @throws ValidationException if the URI or a parameter is not valid; the message says what is allowed
     */
    public static S3ArtifactStore fromUri(String uri) {
        return builderFromUri(uri).build();
    }

    /**
     * Like {@link #fromUri(String)}, but returns the builder, e.g. to set credentials explicitly.
     *
     * @param uri the URI
     * @return a builder configured from it
     * @throws ValidationException if the URI or a parameter is not valid
     */
    public static Builder builderFromUri(String uri) {
        Builder builder = new Builder();
        try {
            S3StoreSettings.applyUri(uri, builder.settings);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("uri", "Invalid S3 URI '" + uri.replaceAll("[?].*", "?…") + "': "
                    + e.getMessage());
        }
        return builder;
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    /** @return the layout of the objects */
    public Layout layout() {
        return settings.layout();
    }

    @Override
    public ManifestEntry write(FileLocation location, InputStream content) {
        PreparedContent prepared;
        try {
            prepared = PreparedContent.ofStream(content, settings.partSize(), settings.spoolDirectory());
        } catch (IOException e) {
            throw new StorageException("Cannot read the content for " + location + ": " + e.getMessage(), e);
        }
        try (prepared) {
            return store(location, prepared);
        }
    }

    @Override
    public ManifestEntry write(FileLocation location, Path file) {
        PreparedContent prepared;
        try {
            prepared = PreparedContent.ofFile(file, settings.partSize());
        } catch (IOException e) {
            throw new StorageException("Cannot read " + file + " for " + location + ": " + e.getMessage(), e);
        }
        return store(location, prepared);
    }

    private ManifestEntry store(FileLocation location, PreparedContent content) {
        ManifestEntry entry = new ManifestEntry(location.path(), content.size(), content.sha256());
        LongConsumer sent = done -> progress.update(location, done, content.size());
        String what = "Writing " + location + " to " + describe();
        try {
            if (settings.layout() == Layout.CONTENT_ADDRESSED) {
                storeBlob(keys.blob(content.sha256()), content, sent);
            } else {
                storeInTree(keys.treeFile(location), content, sent);
            }
        } catch (RuntimeException e) {
            throw S3ErrorTranslator.translate(what, e);
        }
        return entry;
    }

    private void storeBlob(String key, PreparedContent content, LongConsumer sent) {
        if (refreshIfStored(key, content)) {
            sent.accept(content.size());
            return;
        }
        try {
            uploader.upload(bucket, key, content, Map.of(SHA_METADATA, content.sha256().hex()), true, sent);
        } catch (RuntimeException e) {
            // Another writer stored the same content first: that is the content we wanted.
            if (!S3ErrorTranslator.isPreconditionFailed(e) || !refreshIfStored(key, content)) {
                throw e;
            }
        }
    }

    /** Refreshes LastModified of a stored blob so garbage collection spares it; false if it is not stored. */
    private boolean refreshIfStored(String key, PreparedContent content) {
        Optional<HeadObjectResponse> head = head(key);
        if (head.isEmpty()) {
            return false;
        }
        if (head.get().contentLength() != content.size()) {
            throw new IntegrityException("Blob " + key + " in " + describe() + " holds " + head.get().contentLength()
                    + " bytes, but content with digest " + content.sha256() + " has " + content.size()
                    + "; delete the damaged blob");
        }
        if (content.size() <= MAX_SINGLE_COPY) {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key)
                    .metadataDirective(MetadataDirective.REPLACE).contentType("application/octet-stream")
                    .metadata(Map.of(SHA_METADATA, content.sha256().hex(),
                            REFRESHED_METADATA, Instant.now().toString())));
        }
        return true;
    }

    private void storeInTree(String key, PreparedContent content, LongConsumer sent) {
        Map<String, String> metadata = Map.of(SHA_METADATA, content.sha256().hex());
        Optional<HeadObjectResponse> existing = head(key);
        if (existing.isPresent() && holds(existing.get(), content)) {
            sent.accept(content.size());
            return;
        }
        Optional<String> source = findInTree(content);
        if (source.isPresent() && content.size() <= MAX_SINGLE_COPY) {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(source.get()).destinationBucket(bucket)
                    .destinationKey(key).metadataDirective(MetadataDirective.REPLACE)
                    .contentType("application/octet-stream").metadata(metadata));
            sent.accept(content.size());
        } else {
            uploader.upload(bucket, key, content, metadata, false, sent);
        }
        byte[] indexEntry = key.getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(bucket).key(keys.contentIndex(content.sha256())).contentType("text/plain"),
                RequestBody.fromBytes(indexEntry));
    }

    private Optional<String> findInTree(PreparedContent content) {
        String indexKey = keys.contentIndex(content.sha256());
        String source;
        try {
            source = s3.getObjectAsBytes(b -> b.bucket(bucket).key(indexKey)).asUtf8String();
        } catch (RuntimeException e) {
            if (S3ErrorTranslator.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
        // The index may point at an object of a deleted version or one since overwritten: check it.
        return head(source).filter(h -> holds(h, content)).map(h -> source);
    }

    private static boolean holds(HeadObjectResponse head, PreparedContent content) {
        return head.contentLength() == content.size()
                && content.sha256().hex().equals(head.metadata().get(SHA_METADATA));
    }

    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)));
        } catch (RuntimeException e) {
            if (S3ErrorTranslator.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private String keyOf(FileLocation location, Sha256 sha256) {
        return settings.layout() == Layout.CONTENT_ADDRESSED ? keys.blob(sha256) : keys.treeFile(location);
    }

    @Override
    public InputStream open(FileLocation location, Sha256 sha256) {
        String key = keyOf(location, sha256);
        try {
            long[] total = {-1};
            ParallelRangeInputStream in = new ParallelRangeInputStream(s3, transfers, bucket, key,
                    settings.partSize(), settings.concurrency(), bodyRetry,
                    done -> progress.update(location, done, total[0]));
            total[0] = in.size();
            if (!holdsDigest(in.metadata(), sha256)) {
                in.close();
                throw new NotFoundException("No file with digest " + sha256 + " is stored at " + location + " in "
                        + describe() + " (another content is stored there)");
            }
            return in;
        } catch (IOException | RuntimeException e) {
            throw S3ErrorTranslator.translate("Reading " + location + " (" + sha256 + ") from " + describe(), e);
        }
    }

    /** In the version tree a location can hold other content than asked for; blobs are their digest. */
    private boolean holdsDigest(Map<String, String> metadata, Sha256 sha256) {
        return settings.layout() == Layout.CONTENT_ADDRESSED || sha256.hex().equals(metadata.get(SHA_METADATA));
    }

    @Override
    public InputStream openRange(FileLocation location, Sha256 sha256, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new ValidationException("range", "Invalid range offset=" + offset + " length=" + length
                    + ": both must be at least 0");
        }
        String key = keyOf(location, sha256);
        String what = "Reading bytes " + offset + "+" + length + " of " + location + " from " + describe();
        if (length == 0) {
            size(location, sha256).orElseThrow(() -> new NotFoundException(what + ": nothing is stored there"));
            return InputStream.nullInputStream();
        }
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key)
                    .range("bytes=" + offset + "-" + (offset + length - 1)));
            if (!holdsDigest(in.response().metadata(), sha256)) {
                in.abort();
                throw new NotFoundException(what + ": no file with digest " + sha256 + " is stored there");
            }
            if (in.response().contentRange() == null) {
                // The server ignored the range: skip and bound the full body.
                in.skipNBytes(Math.min(offset, in.response().contentLength()));
                return new ArtifactStore.BoundedInputStream(in, length);
            }
            return in;
        } catch (RuntimeException e) {
            if (S3ErrorTranslator.isInvalidRange(e)) {
                size(location, sha256).orElseThrow(() -> new NotFoundException(what + ": nothing is stored there"));
                return InputStream.nullInputStream();
            }
            throw S3ErrorTranslator.translate(what, e);
        } catch (IOException e) {
            throw S3ErrorTranslator.translate(what, e);
        }
    }

    @Override
    public Optional<Long> size(FileLocation location, Sha256 sha256) {
        try {
            return head(keyOf(location, sha256)).filter(h -> holdsDigest(h.metadata(), sha256))
                    .map(HeadObjectResponse::contentLength);
        } catch (RuntimeException e) {
            throw S3ErrorTranslator.translate("Looking up " + location + " in " + describe(), e);
        }
    }

    /**
     * Downloads one file to {@code target}, fetching ranges in parallel and re-hashing every byte. The bytes
     * go to a temporary file beside the target, which replaces the target only once the digest and size
     * match; on any failure or mismatch the temporary file is deleted and the target left as it was.
     *
     * @param location where the file belongs
     * @param sha256 its recorded digest
     * @param target the file to write
     * @return the path, size and digest of what was downloaded
     * @throws NotFoundException if nothing is stored there
     * @throws IntegrityException if the bytes do not hash to {@code sha256}
     * @throws StorageException if the download fails
     */
    public ManifestEntry download(FileLocation location, Sha256 sha256, Path target) {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path partial = null;
        try {
            Files.createDirectories(directory);
            partial = Files.createTempFile(directory, "." + absolute.getFileName(), ".part");
            MessageDigest digest = Sha256.newDigest();
            long size = 0;
            try (InputStream in = open(location, sha256); OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[PreparedContent.CHUNK];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
            Sha256 actual = Sha256.fromBytes(digest.digest());
            if (!actual.equals(sha256)) {
                throw new IntegrityException("Downloaded " + location + " from " + describe() + " hashes to "
                        + actual + ", expected " + sha256 + "; the partial file was removed");
            }
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            return new ManifestEntry(location.path(), size, actual);
        } catch (IOException | RuntimeException e) {
            throw S3ErrorTranslator.translate("Downloading " + location + " to " + absolute, e);
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException e) {
                    // Reported, not thrown: the download's own failure is the one to surface.
                    org.slf4j.LoggerFactory.getLogger(S3ArtifactStore.class)
                            .warn("Could not remove partial download {}: {}", partial, e.toString());
                }
            }
        }
    }

    @Override
    public void writeManifest(ModelName model, SemanticVersion version, ArtifactManifest manifest) {
        byte[] text = manifest.toCanonicalBytes();
        String what = "Writing the manifest of " + model + "@" + version + " to " + describe();
        if (settings.layout() == Layout.CONTENT_ADDRESSED) {
            PreparedContent prepared;
            try {
                prepared = PreparedContent.ofStream(new ByteArrayInputStream(text), settings.partSize(),
                        settings.spoolDirectory());
            } catch (IOException e) {
                throw new StorageException(what + ": " + e.getMessage(), e);
            }
            try (prepared) {
                storeBlob(keys.blob(manifest.root()), prepared, done -> { });
            } catch (RuntimeException e) {
                throw S3ErrorTranslator.translate(what, e);
            }
            return;
        }
        try {
            s3.putObject(b -> b.bucket(bucket).key(keys.treeManifest(model, version)).contentType("text/plain")
                    .metadata(Map.of(SHA_METADATA, manifest.root().hex())), RequestBody.fromBytes(text));
        } catch (RuntimeException e) {
            throw S3ErrorTranslator.translate(what, e);
        }
    }

    @Override
    public ArtifactManifest readManifest(ModelName model, SemanticVersion version, Sha256 root) {
        String key = settings.layout() == Layout.CONTENT_ADDRESSED ? keys.blob(root) : keys.treeManifest(model, version);
        ResponseBytes<GetObjectResponse> bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        } catch (RuntimeException e) {
            throw S3ErrorTranslator.translate("Reading the manifest " + root + " of " + model + "@" + version
                    + " from " + describe(), e);
        }
        return ArtifactManifest.parse(bytes.asByteArray(), root);
    }

    @Override
    public void deleteVersion(ModelName model, SemanticVersion version, ArtifactManifest manifest) {
        if (settings.layout() == Layout.CONTENT_ADDRESSED) {
            return; // blobs may be shared; garbage collection removes the unreferenced ones
        }
        String what = "Deleting " + model + "@" + version + " from " + describe();
        try {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)
                    .prefix(keys.versionDirectory(model, version))).contents()) {
                batch.add(ObjectIdentifier.builder().key(object.key()).build());
                if (batch.size() == 1000) {
                    deleteBatch(batch);
                }
            }
            batch.add(ObjectIdentifier.builder().key(keys.treeManifest(model, version)).build());
            deleteBatch(batch);
        } catch (RuntimeException e) {
            throw S3ErrorTranslator.translate(what, e);
        }
    }

    private void deleteBatch(List<ObjectIdentifier> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<ObjectIdentifier> copy = List.copyOf(batch);
        batch.clear();
        var response = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(copy).quiet(true)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            var first = response.errors().get(0);
            throw new StorageException("Could not delete " + response.errors().size() + " objects, first "
                    + first.key() + ": " + first.code(), null, false);
        }
    }

    @Override
    public URI downloadLink(FileLocation location, Sha256 sha256, Duration expiry) {
        if (expiry.compareTo(MIN_EXPIRY) < 0 || expiry.compareTo(MAX_EXPIRY) > 0) {
            throw new ValidationException("expiry", "Invalid link expiry " + expiry + ": allowed from "
                    + MIN_EXPIRY + " to " + MAX_EXPIRY + " (7 days, the SigV4 limit)");
        }
        String key = keyOf(location, sha256);
        String what = "Creating a download link for " + location + " in " + describe();
        try {
            if (head(key).filter(h -> holdsDigest(h.metadata(), sha256)).isEmpty()) {
                throw new NotFoundException(what + ": no file with digest " + sha256 + " is stored there");
            }
            return presigner.presignGetObject(p -> p.signatureDuration(expiry)
                    .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new StorageException(what + ": the presigner produced an invalid URI", e);
        } catch (RuntimeException e) {
            throw S3ErrorTranslator.translate(what, e);
        }
    }

    /**
     * Lists the content-addressed blobs (manifests included). In the version-tree layout there are no blobs
     * to collect: a version's objects go with {@link #deleteVersion}, so the stream is empty.
     */
    @Override
    public Stream<StoredBlob> listBlobs() {
        if (settings.layout() != Layout.CONTENT_ADDRESSED) {
            return Stream.empty();
        }
        Iterator<S3Object> objects = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keys.blobsPrefix()))
                .contents().iterator();
        Iterator<StoredBlob> blobs = new Iterator<>() {
            private @Nullable StoredBlob next;

            @Override
            public boolean hasNext() {
                try {
                    while (next == null && objects.hasNext()) {
                        S3Object object = objects.next();
                        next = keys.blobDigest(object.key())
                                .map(sha -> new StoredBlob(sha, object.size(), object.lastModified())).orElse(null);
                    }
                } catch (RuntimeException e) {
                    throw S3ErrorTranslator.translate("Listing blobs in " + describe(), e);
                }
                return next != null;
            }

            @Override
            public StoredBlob next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                StoredBlob blob = next;
                next = null;
                return blob;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(blobs, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    /**
     * Deletes a blob last written or refreshed before {@code notModifiedSince}. S3 has no delete conditional
     * on modification time, so this reads LastModified and then deletes: a refresh between the two is lost.
     * The grace period of the collector must exceed the longest registration for that reason.
     */
    @Override
    public boolean deleteBlob(Sha256 sha256, Instant notModifiedSince) {
        if (settings.layout() != Layout.CONTENT_ADDRESSED) {
            return false;
        }
        String key = keys.blob(sha256);
        try {
            Optional<HeadObjectResponse> head = head(key);
            if (head.isEmpty() || !head.get().lastModified().isBefore(notModifiedSince)) {
                return false;
            }
            s3.deleteObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (RuntimeException e) {
            throw S3ErrorTranslator.translate("Deleting blob " + sha256 + " from " + describe(), e);
        }
    }

    @Override
    public void close() {
        transfers.shutdownNow();
        presigner.close();
        s3.close();
    }

    @Override
    public String toString() {
        return "S3ArtifactStore[" + describe() + "]";
    }

    /**
     * Configures an {@link S3ArtifactStore}. Every setter checks its argument
     * ({@link IllegalArgumentException}); {@link #build()} checks the combination.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final S3StoreSettings.Mutable settings = new S3StoreSettings.Mutable();
        private TransferProgress progress = TransferProgress.NONE;

        private Builder() {
        }

        /**
         * @param bucket the bucket name (required)
         * @return this builder
         */
        public Builder bucket(String bucket) {
            settings.bucket(bucket);
            return this;
        }

        /**
         * @param prefix the key prefix under which everything is stored, e.g. {@code mvm}; empty for none
         * @return this builder
         */
        public Builder prefix(String prefix) {
            settings.prefix(prefix);
            return this;
        }

        /**
         * @param region the signing region, e.g. {@code eu-central-1}; defaults to the SDK's region chain,
         *     or {@code us-east-1} when an endpoint is given
         * @return this builder
         */
        public Builder region(String region) {
            settings.region(region);
            return this;
        }

        /**
         * @param endpoint the endpoint of an S3-compatible store, e.g. {@code http://127.0.0.1:9000} for MinIO
         *     or {@code https://oss-cn-hangzhou.aliyuncs.com} for OSS
         * @return this builder
         */
        public Builder endpoint(URI endpoint) {
            settings.endpoint(endpoint);
            return this;
        }

        /**
         * @param pathStyle {@code true} for {@code endpoint/bucket/key} (MinIO, Ceph, S3Mock), {@code false}
         *     for virtual-hosted {@code bucket.endpoint/key} (AWS, OSS); default {@code false}
         * @return this builder
         */
        public Builder pathStyle(boolean pathStyle) {
            settings.pathStyle(pathStyle);
            return this;
        }

        /**
         * @param layout how objects are named; default {@link Layout#CONTENT_ADDRESSED}
         * @return this builder
         */
        public Builder layout(Layout layout) {
            settings.layout(layout);
            return this;
        }

        /**
         * @param credentials where credentials come from; default the SDK's default provider chain
         * @return this builder
         */
        public Builder credentials(AwsCredentialsProvider credentials) {
            settings.credentials(credentials);
            return this;
        }

        /**
         * @param accessKeyId an access key id
         * @param secretAccessKey its secret; never logged
         * @return this builder
         */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            settings.credentials(accessKeyId, secretAccessKey);
            return this;
        }

        /**
         * @param partSize bytes per multipart part and per ranged GET, a whole number of MiB from 5 MiB to
         *     5 GiB; default 8 MiB
         * @return this builder
         */
        public Builder partSize(long partSize) {
            settings.partSize(partSize);
            return this;
        }

        /**
         * @param concurrency parts transferred at once, 1 to 64; default 8
         * @return this builder
         */
        public Builder concurrency(int concurrency) {
            settings.concurrency(concurrency);
            return this;
        }

        /**
         * @param additionalChecksums whether uploads carry S3 additional checksums (SHA-256 for a single PUT,
         *     CRC32C per part); default {@code true}. Turn off for stores that reject them.
         * @return this builder
         */
        public Builder additionalChecksums(boolean additionalChecksums) {
            settings.additionalChecksums(additionalChecksums);
            return this;
        }

        /**
         * @param maxAttempts attempts per idempotent call, including the first, 1 to 20; default 4
         * @param baseDelay first backoff delay, doubled on each retry; default 100 ms
         * @return this builder
         */
        public Builder retries(int maxAttempts, Duration baseDelay) {
            settings.retries(maxAttempts, baseDelay);
            return this;
        }

        /**
         * @param connect how long to wait for a connection; default 5 s
         * @param read how long a socket may stay silent; default 60 s
         * @return this builder
         */
        public Builder timeouts(Duration connect, Duration read) {
            settings.timeouts(connect, read);
            return this;
        }

        /**
         * @param directory where streamed content larger than one part is spooled before upload; default the
         *     system temporary directory
         * @return this builder
         */
        public Builder spoolDirectory(Path directory) {
            settings.spoolDirectory(directory);
            return this;
        }

        /**
         * @param progress told about long transfers
         * @return this builder
         */
        public Builder progress(TransferProgress progress) {
            this.progress = java.util.Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * @param configure changes to apply to this builder
         * @return this builder
         */
        public Builder apply(Consumer<Builder> configure) {
            configure.accept(this);
            return this;
        }

        S3StoreSettings settings() {
            return settings.freeze();
        }

        /**
         * @return the store
         * @throws IllegalStateException if the bucket is missing
         * @throws MvmException if the client cannot be created (e.g. no region can be found)
         */
        public S3ArtifactStore build() {
            return new S3ArtifactStore(this);
        }
    }
}
