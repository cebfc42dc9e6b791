package dev.mvm.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * Where a command writes: results to stdout, as human text or as one JSON document; messages and progress
 * to stderr.
 */
public final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean quiet;

    /**
     * @param out standard output
     * @param err standard error
     * @param json whether results are printed as JSON
     * @param quiet whether notes on stderr are suppressed
     */
    public Output(PrintWriter out, PrintWriter err, boolean json, boolean quiet) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.quiet = quiet;
    }

    /** @return whether results are printed as JSON */
    public boolean json() {
        return json;
    }

    /** @return whether notes and progress are suppressed */
    public boolean quiet() {
        return quiet;
    }

    /** @return standard error, for progress */
    public PrintWriter err() {
        return err;
    }

    /**
     * Prints a result: the JSON document with {@code --json}, the human text otherwise.
     *
     * @param document the JSON form, built only when needed
     * @param human the text form, printed as is (a trailing newline is added if missing)
     */
    public void result(Supplier<? extends JsonNode> document, Supplier<String> human) {
        if (json) {
            printJson(document.get());
        } else {
            String text = human.get();
            out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
            out.flush();
        }
    }

    /** @param document printed to stdout, indented */
    public void printJson(JsonNode document) {
        try {
            out.println(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot print JSON: " + e.getMessage(), e);
        }
        out.flush();
    }

    /** @param message a note for the user on stderr, unless quiet */
    public void note(String message) {
        if (!quiet) {
            err.println(message);
            err.flush();
        }
    }

    /** @param message an error line on stderr, always printed */
    public void error(String message) {
        err.println(message);
        err.flush();
    }

    /** @return the mapper used for JSON output */
    public static ObjectMapper mapper() {
        return JSON;
    }
}
