package dev.mvm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Output;
import dev.mvm.cli.internal.Session;
import dev.mvm.compare.Comparison;
import dev.mvm.compare.ReportFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvm compare A B [C...] [--html out.html] [--markdown out.md]}. */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Compare versions, baseline first: metrics, parameters, tags, structure.",
    "Example: mvm compare fraud@1.0.0 fraud@1.1.0 --html compare.html"})
final class CompareCommand extends RegistryCommand {
    @Parameters(arity = "2..*", paramLabel = "REF", description = "Two or more model@version (or model@environment).")
    List<String> refs = new ArrayList<>();

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report.")
    @Nullable Path html;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write a Markdown report.")
    @Nullable Path markdown;

    @Override
    int run(Session session) throws JsonProcessingException {
        String[] resolved = refs.stream().map(r -> version(session.registry(), r).ref().toString())
                .toArray(String[]::new);
        Comparison c = session.registry().compare(resolved);
        if (html != null) {
            ReportFormat.HTML.write(c, html);
            session.output().note("Wrote HTML report " + html);
        }
        if (markdown != null) {
            ReportFormat.MARKDOWN.write(c, markdown);
            session.output().note("Wrote Markdown report " + markdown);
        }
        ObjectNode document = JsonViews.object();
        document.put("id", c.id());
        if (html != null) {
            document.put("html", html.toString());
        }
        if (markdown != null) {
            document.put("markdown", markdown.toString());
        }
        document.set("comparison", Output.mapper().readTree(ReportFormat.JSON.render(c)));
        session.output().result(() -> document, () -> ReportFormat.MARKDOWN.render(c));
        return 0;
    }
}
