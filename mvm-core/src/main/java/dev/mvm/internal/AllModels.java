package dev.mvm.internal;

import dev.mvm.api.model.Model;
import dev.mvm.api.spi.ModelListing;
import dev.mvm.api.spi.RegistryStore;
import java.util.ArrayList;
import java.util.List;

/** Reads every model of a store, page by page: one listing call returns at most {@link ModelListing#MAX_LIMIT}. */
public final class AllModels {
    private AllModels() {
    }

    /**
     * @param store the store
     * @return every model, in the store's listing order (by name)
     */
    public static List<Model> of(RegistryStore store) {
        List<Model> out = new ArrayList<>();
        ModelListing page = ModelListing.all().withLimit(ModelListing.MAX_LIMIT);
        while (true) {
            List<Model> batch = store.listModels(page);
            out.addAll(batch);
            if (batch.size() < page.limit()) {
                return out;
            }
            page = page.withAfter(batch.get(batch.size() - 1).name());
        }
    }
}
