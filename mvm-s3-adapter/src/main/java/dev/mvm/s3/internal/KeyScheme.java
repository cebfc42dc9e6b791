package dev.mvm.s3.internal;

import dev.mvm.api.artifact.FileLocation;
import dev.mvm.api.artifact.Sha256;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import java.util.Optional;

/**
 * Object keys under a prefix. Content-addressed: {@code <prefix>blobs/sha256/<2>/<62>}. Version tree:
 * {@code <prefix><model>/<version>/<path>}, the manifest at {@code <prefix><model>/<version>.mvm-manifest},
 * and a content index {@code <prefix>.mvm/sha256/<hex>} naming one object that holds each content (model
 * names start with a letter or digit, so {@code .mvm/} never clashes with a model).
 *
 * @param prefix empty, or ending in {@code /}
 */
public record KeyScheme(String prefix) {
    private static final String BLOBS = "blobs/sha256/";

    /**
     * @param prefix the prefix given by the user, with or without slashes around it
     * @return the scheme
     */
    public static KeyScheme of(String prefix) {
        String trimmed = prefix.replaceAll("^/+|/+$", "");
        return new KeyScheme(trimmed.isEmpty() ? "" : trimmed + "/");
    }

    /**
     * @param sha256 a content digest
     * @return the key of its blob
     */
    public String blob(Sha256 sha256) {
        String hex = sha256.hex();
        return prefix + BLOBS + hex.substring(0, 2) + "/" + hex.substring(2);
    }

    /** @return the key prefix under which every blob lies */
    public String blobsPrefix() {
        return prefix + BLOBS;
    }

    /**
     * @param key a key listed under {@link #blobsPrefix()}
     * @return the blob's digest, if the key is a blob key
     */
    public Optional<Sha256> blobDigest(String key) {
        if (!key.startsWith(prefix + BLOBS)) {
            return Optional.empty();
        }
        String rest = key.substring(prefix.length() + BLOBS.length());
        if (rest.length() != 65 || rest.charAt(2) != '/') {
            return Optional.empty();
        }
        String hex = rest.substring(0, 2) + rest.substring(3);
        try {
            return Optional.of(new Sha256(hex));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * @param location a file's location
     * @return its key in the version tree
     */
    public String treeFile(FileLocation location) {
        return versionDirectory(location.model(), location.version()) + location.path().value();
    }

    /**
     * @param model the model
     * @param version the version
     * @return the key prefix of the version's files, ending in {@code /}
     */
    public String versionDirectory(ModelName model, SemanticVersion version) {
        return prefix + model.value() + "/" + version + "/";
    }

    /**
     * @param model the model
     * @param version the version
     * @return the key of the version's manifest in the version tree
     */
    public String treeManifest(ModelName model, SemanticVersion version) {
        return prefix + model.value() + "/" + version + ".mvm-manifest";
    }

    /**
     * @param sha256 a content digest
     * @return the key of the index entry naming an object with that content
     */
    public String contentIndex(Sha256 sha256) {
        return prefix + ".mvm/sha256/" + sha256.hex();
    }
}
