package dev.mvm.api.spi;

import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.model.ModelName;
import java.util.List;

/**
 * A {@link RegistryStore} that can list every environment a model's pointer history mentions, including
 * environments whose pointer has since been removed. {@link RegistryStore#listPointers} shows only the set
 * pointers, so without this capability a tool that copies histories (a migration, an export) finds the history
 * of an unset environment only if it knows the environment's name.
 *
 * @since 0.1
 */
public interface SupportsEnvironmentListing {

    /**
     * @param model the model
     * @return every environment with at least one recorded pointer move, set now or not, sorted by name
     * @throws NotFoundException if the model does not exist
     */
    List<EnvironmentName> environmentsWithHistory(ModelName model);
}
