package dev.mvm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The access control example")
class AccessControlExampleTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("delegates, denies a publish with an audit record, verifies and exports the log, cascades a revoke")
    void runs() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            AccessControlExample.main(new String[] {tmp.toString()});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("trainer may register versions of nlp/bert: true")
                .contains("trainer may publish nlp/bert: false")
                .contains("Access denied: service:trainer lacks TRANSITION on model 'nlp/bert'")
                .contains("denied records for nlp/bert: 1")
                .contains("audit chain intact over 1 records")
                .contains("revoking the nlp owners' grant revoked 2 grants");
        assertThat(Files.readAllLines(tmp.resolve("audit.jsonl"))).singleElement()
                .satisfies(line -> assertThat(line).contains("\"outcome\":\"DENIED\"")
                        .contains("\"requestId\":\"req-42\"").contains("\"environment\":\"production\""));
    }
}
