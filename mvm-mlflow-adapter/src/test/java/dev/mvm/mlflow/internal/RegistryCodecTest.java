package dev.mvm.mlflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvm.api.lifecycle.EnvironmentName;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryCodecTest {

    @Test
    void environmentsWithHistoryComeFromFirstPartsOfValidEntriesOnly() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mvm.ptrlog.staging.000002", "{}");
        tags.put("mvm.ptrlog.staging.000002.2", "{}");      // the second part of a long entry
        tags.put("mvm.ptrlog.canary.000001", "{}");
        tags.put("mvm.ptrlog.production.000001.2", "{}");   // a second part without its first
        tags.put("mvm.ptrlog.Bad Env.000001", "{}");        // not an environment name
        tags.put("mvm.ptrlog.shadow.12", "{}");             // not a six-digit sequence
        tags.put("mvm.ptrlog.shadow", "{}");
        tags.put("mvm.statelog.000001", "{}");
        tags.put("team", "nlp");

        assertThat(RegistryCodec.environmentsWithHistory(tags))
                .containsExactly(EnvironmentName.of("canary"), EnvironmentName.of("staging"));
        assertThat(RegistryCodec.environmentsWithHistory(Map.of())).isEmpty();
    }
}
