package dev.mvm.cli;

import dev.mvm.api.query.Filter;
import dev.mvm.api.query.Page;
import dev.mvm.api.query.SearchHit;
import dev.mvm.api.query.SearchRequest;
import dev.mvm.api.query.SearchResult;
import dev.mvm.api.query.SearchScope;
import dev.mvm.api.query.Sort;
import dev.mvm.cli.internal.JsonViews;
import dev.mvm.cli.internal.Session;
import dev.mvm.cli.internal.Table;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mvm search [TEXT] --filter ... --sort ... --page N --page-size N}. */
@Command(name = "search", mixinStandardHelpOptions = true, versionProvider = Mvm.Version.class,
        description = {"Search models (or versions): free text, a filter, sorts and a page.",
    "Example: mvm search bert --filter \"framework = 'pytorch' AND metrics.accuracy > 0.9\""
            + " --sort \"metrics.accuracy DESC\""})
final class SearchCommand extends RegistryCommand {
    @Parameters(arity = "0..1", paramLabel = "TEXT", description = "Free text (typo-tolerant); none to match all.")
    String text = "";

    @Option(names = {"-f", "--filter"}, paramLabel = "FILTER",
            description = "A filter in the filter language, e.g. \"tags.language = 'chinese' AND metrics.f1 >= 0.8\".")
    @Nullable String filter;

    @Option(names = {"-s", "--sort"}, paramLabel = "FIELD [ASC|DESC]",
            description = "A sort key (repeatable), e.g. \"metrics.accuracy DESC\", name, created, relevance.")
    List<String> sorts = new ArrayList<>();

    @Option(names = "--page", paramLabel = "N", defaultValue = "1", description = "The page, from 1.")
    int page;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "20", description = "Rows per page (1-200).")
    int pageSize;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue after a previous page's nextCursor.")
    @Nullable String cursor;

    @Option(names = "--versions", description = "One row per version instead of one per model.")
    boolean versions;

    @Override
    int run(Session session) {
        SearchRequest.Builder request = SearchRequest.builder(versions ? SearchScope.VERSIONS : SearchScope.MODELS)
                .text(text == null ? "" : text).filter(filter == null ? Filter.ALL : Filter.parse(filter))
                .page(cursor != null ? Page.after(cursor, pageSize) : Page.of(page, pageSize));
        sorts.forEach(s -> request.sort(Sort.parse(s)));
        SearchResult result = session.registry().search(request.build());
        session.output().result(() -> JsonViews.search(result), () -> {
            Table t = new Table(versions ? "VERSION" : "MODEL", "FRAMEWORK", "STATE", "PRODUCTION", "METRICS");
            for (SearchHit h : result.hits()) {
                t.row(h.version() != null && versions ? h.version().ref() : h.model().name(),
                        Views.blank(h.model().framework()), h.version() == null ? null : h.version().state(),
                        h.production() == null ? null : h.production().version(), Views.numbers(h.metrics()));
            }
            return (t.isEmpty() ? "No matches.\n" : t.render()) + result.total() + " match(es)"
                    + result.next().map(c -> "; next page: --cursor " + c).orElse("");
        });
        return 0;
    }
}
