package dev.mvm;

import dev.mvm.api.error.ConflictException;
import dev.mvm.api.error.NotFoundException;
import dev.mvm.api.event.ModelRegistered;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.spi.ModelListing;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Operations on the set of models: register, find, list. Obtained from {@link ModelRegistry#models()}.
 *
 * @since 0.1
 */
public final class Models {
    private final ModelRegistry registry;

    Models(ModelRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers a model with no description or tags.
     *
     * @param name the unique name (see {@link ModelName} for what is allowed)
     * @return the registered model
     * @throws dev.mvm.api.error.ValidationException if the name is invalid
     * @throws ConflictException if a model of that name exists
     */
    public Model register(String name) {
        return register(name, m -> { });
    }

    /**
     * Registers a model.
     *
     * @param name the unique name
     * @param spec sets description, framework, task, metadata and tags
     * @return the registered model
     * @throws dev.mvm.api.error.ValidationException if the name or a field is invalid
     * @throws ConflictException if a model of that name exists
     */
    public Model register(String name, Consumer<ModelChanges> spec) {
        ModelName modelName = ModelName.of(name);
        ModelChanges changes = new ModelChanges();
        spec.accept(changes);
        Instant now = registry.now();
        Model blank = Model.builder(UUID.randomUUID().toString(), modelName)
                .owner(registry.actor()).createdAt(now).updatedAt(now).build();
        Model created = registry.registryStore().createModel(changes.applyTo(blank));
        registry.emit(new ModelRegistered(UUID.randomUUID(), now, registry.actor(), created));
        return created;
    }

    /**
     * @param name a model name
     * @return the model, if registered
     * @throws dev.mvm.api.error.ValidationException if the name is invalid
     */
    public Optional<Model> find(String name) {
        return registry.registryStore().findModel(ModelName.of(name));
    }

    /**
     * @param name a model name
     * @return the model
     * @throws NotFoundException if it is not registered
     */
    public Model get(String name) {
        return find(name).orElseThrow(() -> new NotFoundException("Model '" + name + "' is not registered"));
    }

    /** @return the first {@value ModelListing#DEFAULT_LIMIT} models by name */
    public List<Model> list() {
        return list(ModelListing.all());
    }

    /**
     * @param listing filters (name prefix, framework, task, tags), paging and limit
     * @return the matching models sorted by name
     */
    public List<Model> list(ModelListing listing) {
        return registry.registryStore().listModels(listing);
    }
}
