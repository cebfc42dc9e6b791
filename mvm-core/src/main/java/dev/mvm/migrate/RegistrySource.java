package dev.mvm.migrate;

import dev.mvm.api.access.Grant;
import dev.mvm.api.access.Role;
import dev.mvm.api.artifact.ArtifactManifest;
import dev.mvm.api.artifact.ManifestEntry;
import dev.mvm.api.audit.AuditRecord;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.EnvironmentPointer;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.lifecycle.StateChange;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Everything a migration reads: a live registry ({@link RegistryReader}) or an archive ({@link ArchiveReader}).
 */
interface RegistrySource {
    /** @return where the content comes from, for reports */
    String describe();

    /** @return every model, sorted by name */
    List<Model> models();

    /** @return the model's versions in ascending precedence */
    List<ModelVersion> versions(ModelName model);

    /** @return the version's state history, oldest first */
    List<StateChange> stateHistory(ModelVersion version);

    /** @return the model's pointer histories by environment, each oldest first */
    Map<EnvironmentName, List<PointerMove>> pointerHistories(ModelName model);

    /** @return the model's set pointers */
    List<EnvironmentPointer> pointers(ModelName model);

    /** @return the version's manifest, checked against its root digest */
    ArtifactManifest manifest(ModelVersion version);

    /** @return the stored bytes of one file, unverified; the caller closes and verifies */
    InputStream open(ModelVersion version, ManifestEntry file);

    /** @return custom roles */
    List<Role> roles();

    /** @return grants, oldest first (sources before what is delegated from them) */
    List<Grant> grants();

    /** @return the number of audit records */
    long auditCount();

    /**
     * @param sequence the last sequence already read, 0 for the start
     * @param limit the most records
     * @return the records after it in sequence order
     */
    List<AuditRecord> auditAfter(long sequence, int limit);
}
