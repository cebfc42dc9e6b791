package dev.mvm.api.spi;

import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.ValidationException;
import java.net.URI;
import java.time.Duration;

/**
 * An {@link ArtifactStore} that can hand out a link from which one stored file can be downloaded without
 * the store's credentials, e.g. an S3 presigned GET URL. The link grants read access to that one file only
 * and stops working after its expiry. A link is a bearer secret: never log it.
 *
 * @since 0.1
 */
public interface SupportsDownloadLinks {

    /** The shortest expiry a link may have. */
    Duration MIN_EXPIRY = Duration.ofSeconds(1);
    /** The longest expiry a link may have (the SigV4 limit). */
    Duration MAX_EXPIRY = Duration.ofDays(7);

    /**
     * Creates a link to one stored file.
     *
     * @param location where the file belongs
     * @param sha256 its recorded digest
     * @param expiry how long the link works, between {@link #MIN_EXPIRY} and {@link #MAX_EXPIRY}
     * @return a link that downloads exactly the stored bytes until it expires
     * @throws ValidationException if {@code expiry} is outside the allowed range
     * @throws NotFoundException if the store can tell that nothing is stored there
     */
    URI downloadLink(FileLocation location, Sha256 sha256, Duration expiry);
}
