package dev.mvm.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Role;
import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.error.StorageException;
import dev.mvm.api.model.ModelName;
import dev.mvm.mlflow.internal.MlflowRestClient;
import dev.mvm.mlflow.internal.RegistryCodec;
import java.util.List;
import java.util.Map;

/**
 * Per-user grants on registered models through MLflow's basic-auth app (MLflow 3.x, {@code mlflow server
 * --app-name basic-auth}): its unified permission endpoints {@code POST /api/3.0/mlflow/users/permissions/grant}
 * and {@code .../revoke}, and {@code GET .../get}, with {@code resource_type=registered_model} and the registered
 * model name as {@code resource_id}. The calling credentials need MANAGE on the model (or MLflow admin) to
 * grant and revoke. Obtained from {@link MlflowRegistryStore#permissions()}, sharing its connection.
 *
 * <p>MVM permissions map to MLflow's levels by what each level lets a user do on a registered model:
 * <table>
 *   <caption>MVM permission to MLflow level</caption>
 *   <tr><th>MVM</th><th>MLflow</th></tr>
 *   <tr><td>READ, DOWNLOAD, READ_AUDIT</td><td>READ</td></tr>
 *   <tr><td>CREATE_MODEL, CREATE_VERSION, UPDATE, TRANSITION, RESTORE</td><td>EDIT</td></tr>
 *   <tr><td>DELETE, MANAGE_PERMISSIONS, ADMINISTER</td><td>MANAGE</td></tr>
 * </table>
 * A role maps to the level of its widest permission, so MVM's {@code viewer} is READ, {@code contributor} and
 * {@code publisher} are EDIT, {@code owner} and {@code admin} are MANAGE. MLflow's levels are coarser than
 * MVM's permissions: a user granted EDIT for TRANSITION can also update metadata and create versions.
 *
 * @since 0.1
 */
public final class MlflowPermissions {
    private static final String RESOURCE_TYPE = "registered_model";

    /**
     * MLflow's permission levels on a registered model, narrowest first.
     *
     * @since 0.1
     */
    public enum Level {
        /** No access at all (only as an answer: MLflow's default permission may be this). */
        NO_PERMISSIONS,
        /** Read the model, its versions, tags and aliases. */
        READ,
        /** READ plus using the model (MLflow's tier between READ and EDIT). */
        USE,
        /** USE plus updating the model and its versions: descriptions, tags, aliases, new versions. */
        EDIT,
        /** EDIT plus deleting and managing other users' permissions on the model. */
        MANAGE,
        /** An explicit denial (only as an answer). */
        DENY;

        /**
         * @param permission an MVM permission
         * @return the narrowest MLflow level that allows it on a registered model
         */
        public static Level of(Permission permission) {
            return switch (permission) {
                case READ, DOWNLOAD, READ_AUDIT -> READ;
                case CREATE_MODEL, CREATE_VERSION, UPDATE, TRANSITION, RESTORE -> EDIT;
                case DELETE, MANAGE_PERMISSIONS, ADMINISTER -> MANAGE;
            };
        }

        /**
         * @param role an MVM role
         * @return the narrowest MLflow level that allows every permission of the role
         */
        public static Level of(Role role) {
            Level widest = READ;
            for (Permission p : role.permissions()) {
                Level level = of(p);
                if (level.ordinal() > widest.ordinal()) {
                    widest = level;
                }
            }
            return widest;
        }

        /**
         * @param permission an MVM permission
         * @return whether a user at this level is allowed what the permission covers on a registered model
         */
        public boolean allows(Permission permission) {
            return this != DENY && this != NO_PERMISSIONS && ordinal() >= of(permission).ordinal();
        }
    }

    private final MlflowRestClient rest;

    MlflowPermissions(MlflowRestClient rest) {
        this.rest = rest;
    }

    /**
     * Sets a user's permission on a registered model to the level that allows {@code permission}
     * ({@link Level#of(Permission)}), replacing any grant the user already had on it.
     *
     * @param username an MLflow user
     * @param model the model
     * @param permission what the user should be allowed
     * @throws dev.mvm.api.error.AccessDeniedException if the calling credentials lack MANAGE on the model
     * @throws NotFoundException if the user does not exist
     * @throws dev.mvm.api.error.BackendUnavailableException if the server cannot be reached
     * @since 0.1
     */
    public void grant(String username, ModelName model, Permission permission) {
        grant(username, model, Level.of(permission));
    }

    /**
     * Sets a user's permission on a registered model to the level that covers the whole role
     * ({@link Level#of(Role)}), replacing any grant the user already had on it.
     *
     * @param username an MLflow user
     * @param model the model
     * @param role what the user should be allowed
     * @throws dev.mvm.api.error.AccessDeniedException if the calling credentials lack MANAGE on the model
     * @throws NotFoundException if the user does not exist
     * @throws dev.mvm.api.error.BackendUnavailableException if the server cannot be reached
     * @since 0.1
     */
    public void grant(String username, ModelName model, Role role) {
        grant(username, model, Level.of(role));
    }

    /**
     * Sets a user's permission on a registered model, replacing any grant the user already had on it. MLflow
     * refuses a second grant on the same model, so a change is a revoke followed by a grant: between the two
     * the user has MLflow's {@code default_permission}.
     *
     * @param username an MLflow user
     * @param model the model
     * @param level READ, USE, EDIT or MANAGE
     * @throws IllegalArgumentException if the level is NO_PERMISSIONS or DENY, which MLflow does not grant
     *         per model (revoke instead; the server's {@code default_permission} then applies)
     * @throws dev.mvm.api.error.AccessDeniedException if the calling credentials lack MANAGE on the model
     * @throws NotFoundException if the user does not exist
     * @throws dev.mvm.api.error.BackendUnavailableException if the server cannot be reached
     * @since 0.1
     */
    public void grant(String username, ModelName model, Level level) {
        if (level == Level.NO_PERMISSIONS || level == Level.DENY) {
            throw new IllegalArgumentException("MLflow grants READ, USE, EDIT or MANAGE on a registered model, not "
                    + level + "; revoke the grant to fall back to the server's default permission");
        }
        ObjectNode body = request(username, model);
        body.put("permission", level.name());
        try {
            // Retrying is safe: a repeat whose first attempt went through is refused as a duplicate, handled below.
            rest.postV3("users/permissions/grant", body, true);
        } catch (ConflictException existing) {
            revoke(username, model);
            rest.postV3("users/permissions/grant", body, true);
        }
    }

    /**
     * Removes a user's grant on a registered model; the server's {@code default_permission} applies afterwards.
     *
     * @param username an MLflow user
     * @param model the model
     * @return whether there was a grant to remove (false also when a retried revoke finds its first attempt
     *         already applied)
     * @throws dev.mvm.api.error.AccessDeniedException if the calling credentials lack MANAGE on the model
     * @throws dev.mvm.api.error.BackendUnavailableException if the server cannot be reached
     * @since 0.1
     */
    public boolean revoke(String username, ModelName model) {
        try {
            rest.postV3("users/permissions/revoke", request(username, model), true);
            return true;
        } catch (NotFoundException none) {
            return false;
        }
    }

    /**
     * The permission MLflow applies to a user's requests on a registered model: the user's grant, or the
     * server's default permission without one.
     *
     * @param username an MLflow user
     * @param model the model
     * @return the effective level
     * @throws dev.mvm.api.error.AccessDeniedException if the calling credentials may not see the user's grants
     * @throws NotFoundException if the user does not exist
     * @throws dev.mvm.api.error.BackendUnavailableException if the server cannot be reached
     * @since 0.1
     */
    public Level permission(String username, ModelName model) {
        JsonNode answer = rest.getV3("users/permissions/get", Map.of("username", username,
                "resource_type", RESOURCE_TYPE, "resource_id", RegistryCodec.mlflowName(model)));
        String name = answer.path("permission").asText("");
        try {
            return Level.valueOf(name);
        } catch (IllegalArgumentException unknown) {
            throw new StorageException("MLflow at " + rest.server() + " answered an unknown permission '" + name
                    + "' for user '" + username + "' on '" + RegistryCodec.mlflowName(model) + "'; known levels are "
                    + List.of(Level.values()), unknown);
        }
    }

    private ObjectNode request(String username, ModelName model) {
        ObjectNode body = rest.body();
        body.put("username", username);
        body.put("resource_type", RESOURCE_TYPE);
        body.put("resource_id", RegistryCodec.mlflowName(model));
        return body;
    }
}
