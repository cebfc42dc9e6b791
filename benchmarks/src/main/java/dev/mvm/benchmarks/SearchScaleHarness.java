package dev.mvm.benchmarks;

import dev.mvm.api.query.Filter;
import dev.mvm.api.query.Page;
import dev.mvm.api.query.SearchRequest;
import dev.mvm.api.query.SearchResult;
import dev.mvm.api.query.SearchScope;
import dev.mvm.api.query.Sort;
import dev.mvm.embedded.SqliteRegistryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Search at scale on the embedded store: fills a registry with 100,000 models and 1,000,000 versions (tags,
 * metrics, metadata), then runs varied queries of the shape "free text + two filters + sort by a metric +
 * page 50 of 20" and reports p50/p99 latency and the database size.
 *
 * <p>The fill writes straight into the SQLite schema with JDBC, in one transaction per 10,000 rows, with the
 * schema's own triggers maintaining the search index; the store itself creates and migrates the file first.
 * The database is kept and reused when it already holds the expected rows.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mvm.benchmarks.SearchScaleHarness [models] [versionsPerModel] [queries] [dir]
 * </pre>
 */
public final class SearchScaleHarness {
    private static final String[] FAMILIES = {"bert", "roberta", "gpt", "t5", "resnet", "vit", "whisper", "llama",
        "yolo", "fraud", "churn", "ranker", "clip", "wav2vec", "deberta", "electra", "mobilenet", "efficientnet",
        "xlnet", "bart"};
    private static final String[] SIZES = {"tiny", "small", "base", "large", "xl"};
    private static final String[] LANGUAGES = {"chinese", "english", "multilingual", "french", "german", "japanese"};
    private static final String[] FRAMEWORKS = {"pytorch", "onnx", "tensorflow", "xgboost", "paddle"};
    private static final String[] TASKS = {"text-classification", "translation", "image-classification",
        "speech-recognition", "tabular", "ranking", "detection"};
    private static final String[] TEAMS = {"nlp", "vision", "speech", "risk", "search", "ads", "growth", "infra"};
    private static final String[] WORDS = {"fine-tuned", "distilled", "quantized", "pruned", "production",
        "experimental", "baseline", "improved", "robust", "fast", "accurate", "compact", "domain", "adapted"};
    private static final String[] QUERY_TEXTS = {"bert", "bret", "chin", "roberta", "robrta", "resnet", "whisper",
        "llama", "multiling", "efficientnet", "distilled", "quantized", "vision", "fraud", "deberta", "yolo",
        "japanese", "large", "base chinese", "ranker"};

    private SearchScaleHarness() {
    }

    /**
     * @param args models, versions per model, queries, directory
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int models = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int perModel = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path dir = Path.of(args.length > 3 ? args[3] : "/tmp/mvm-search-scale");
        Path db = dir.resolve("registry-" + models + "x" + perModel + ".db");
        Files.createDirectories(dir);

        SqliteRegistryStore.open(db).close();
        long have = count(db, "SELECT count(*) FROM versions");
        if (have != (long) models * perModel) {
            long start = System.nanoTime();
            fill(db, models, perModel);
            System.out.printf(Locale.ROOT, "filled %,d models and %,d versions in %.1f s%n", models,
                    (long) models * perModel, (System.nanoTime() - start) / 1e9);
        } else {
            System.out.printf(Locale.ROOT, "reusing %s (%,d versions)%n", db, have);
        }
        System.out.printf(Locale.ROOT, "database size: %.1f MiB (%s)%n", size(dir, db) / 1048576.0, db);

        Random random = new Random(42);
        try (SqliteRegistryStore store = SqliteRegistryStore.open(db)) {
            List<SearchRequest> requests = new ArrayList<>();
            for (int i = 0; i < queries + 20; i++) {
                requests.add(request(random));
            }
            for (int i = 0; i < 20; i++) {
                store.search(requests.get(i));
            }
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long[] nanos = new long[queries];
            long[] cpu = new long[queries];
            long totalMatches = 0;
            int full = 0;
            List<String> slowest = new ArrayList<>();
            for (int i = 0; i < queries; i++) {
                SearchRequest r = requests.get(20 + i);
                long c0 = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                SearchResult result = store.search(r);
                nanos[i] = System.nanoTime() - t;
                cpu[i] = threads.getCurrentThreadCpuTime() - c0;
                totalMatches += result.total();
                slowest.add(String.format(Locale.ROOT, "%08.2f ms cpu, %,d matches: text=%s, filter=%s, sort=%s",
                        cpu[i] / 1e6, result.total(), r.text(), r.filter(), r.sorts()));
                full += result.hits().size() == 20 ? 1 : 0;
            }
            Arrays.sort(nanos);
            Arrays.sort(cpu);
            System.out.printf(Locale.ROOT, "queries: %d (text + two filters + sort by a metric + page 50 of 20),"
                    + " mean matches %.0f, %d returned a full page%n", queries, totalMatches / (double) queries, full);
            System.out.printf(Locale.ROOT, "latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    nanos[queries / 2] / 1e6, nanos[(int) (queries * 0.9)] / 1e6,
                    nanos[(int) Math.min(queries - 1, Math.ceil(queries * 0.99) - 1)] / 1e6, nanos[queries - 1] / 1e6);
            System.out.printf(Locale.ROOT, "cpu time of the searching thread (independent of other load on the"
                    + " machine): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", cpu[queries / 2] / 1e6,
                    cpu[(int) (queries * 0.9)] / 1e6,
                    cpu[(int) Math.min(queries - 1, Math.ceil(queries * 0.99) - 1)] / 1e6, cpu[queries - 1] / 1e6);
            System.out.printf(Locale.ROOT, "load average while measuring: %.1f on %d processors%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            System.out.println("example: " + requests.get(20));
            slowest.sort(java.util.Comparator.reverseOrder());
            System.out.println("slowest:");
            slowest.stream().limit(5).forEach(line -> System.out.println("  " + line));
        }
    }

    private static SearchRequest request(Random random) {
        String text = QUERY_TEXTS[random.nextInt(QUERY_TEXTS.length)];
        String first = switch (random.nextInt(3)) {
            case 0 -> "framework IN ('pytorch', 'onnx', 'tensorflow')";
            case 1 -> "framework != 'xgboost'";
            default -> "tags.team != '" + TEAMS[random.nextInt(TEAMS.length)] + "'";
        };
        String second = switch (random.nextInt(3)) {
            case 0 -> String.format(Locale.ROOT, "metrics.accuracy >= %.2f", 0.5 + random.nextDouble() * 0.2);
            case 1 -> "created >= '2025-01-01'";
            default -> "state != 'ARCHIVED'";
        };
        Sort sort = random.nextBoolean() ? Sort.desc("metrics.accuracy") : Sort.asc("metrics.latency_ms");
        return new SearchRequest(SearchScope.MODELS, text, Filter.parse(first + " AND " + second), List.of(sort),
                Page.of(50, 20));
    }

    private static void fill(Path db, int models, int perModel) throws SQLException {
        Random random = new Random(7);
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA synchronous = OFF");
                st.execute("PRAGMA cache_size = -262144");
                st.execute("DELETE FROM models");
            }
            c.setAutoCommit(false);
            try (PreparedStatement model = c.prepareStatement("INSERT INTO models (pk, id, name, description, framework,"
                    + " task, metadata, tags, owner, created_at, updated_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?, 1)");
                    PreparedStatement tag = c.prepareStatement("INSERT INTO model_tags (model_pk, tag_key, tag_value)"
                            + " VALUES (?, ?, ?)");
                    PreparedStatement version = c.prepareStatement("INSERT INTO versions (model_pk, version_key,"
                            + " version, state, description, artifacts_root, file_count, total_bytes, metrics, params,"
                            + " tags, lineage, created_by, created_at, updated_at, revision) VALUES (?, ?, ?, ?, ?, ?, 1,"
                            + " 1000, ?, ?, '{}', '{\"parent\":null,\"dependsOn\":[],\"runId\":null,\"dataset\":null}',"
                            + " 'user:bench', ?, ?, 1)")) {
                int rows = 0;
                for (int m = 1; m <= models; m++) {
                    String family = FAMILIES[random.nextInt(FAMILIES.length)];
                    String size = SIZES[random.nextInt(SIZES.length)];
                    String language = LANGUAGES[random.nextInt(LANGUAGES.length)];
                    String team = TEAMS[random.nextInt(TEAMS.length)];
                    String task = TASKS[random.nextInt(TASKS.length)];
                    String name = family + "-" + size + "-" + language + "-" + m;
                    String created = base.plusSeconds(m * 300L).toString();
                    model.setLong(1, m);
                    model.setString(2, "id-" + m);
                    model.setString(3, name);
                    model.setString(4, capitalised(family) + " " + size + " " + WORDS[random.nextInt(WORDS.length)]
                            + " model for " + task.replace('-', ' ') + " in " + language + ", "
                            + WORDS[random.nextInt(WORDS.length)]);
                    model.setString(5, FRAMEWORKS[random.nextInt(FRAMEWORKS.length)]);
                    model.setString(6, task);
                    model.setString(7, "{\"license\":\"apache-2.0\",\"parameters\":" + (1 + random.nextInt(2000))
                            + "000000}");
                    model.setString(8, "{\"language\":\"" + language + "\",\"team\":\"" + team + "\"}");
                    model.setString(9, "user:" + team);
                    model.setString(10, created);
                    model.setString(11, created);
                    model.addBatch();
                    for (String[] kv : new String[][] {{"language", language}, {"team", team}}) {
                        tag.setLong(1, m);
                        tag.setString(2, kv[0]);
                        tag.setString(3, kv[1]);
                        tag.addBatch();
                    }
                    model.executeBatch();
                    tag.executeBatch();
                    for (int v = 0; v < perModel; v++) {
                        String text = "1." + v + ".0";
                        String at = base.plusSeconds(m * 300L + v * 7L).plusMillis(random.nextInt(1000)).toString();
                        version.setLong(1, m);
                        version.setString(2, text);
                        version.setString(3, text);
                        version.setString(4, v == perModel - 2 ? "PRODUCTION" : v < perModel - 4 ? "ARCHIVED" : "DRAFT");
                        version.setString(5, "version " + text);
                        version.setString(6, String.format(Locale.ROOT, "%064x", (long) m * 1000 + v));
                        version.setString(7, String.format(Locale.ROOT,
                                "{\"accuracy\":%.4f,\"f1\":%.4f,\"latency_ms\":%.2f}", 0.5 + random.nextDouble() * 0.5,
                                0.4 + random.nextDouble() * 0.5, 1 + random.nextDouble() * 100));
                        version.setString(8, "{\"lr\":\"3e-5\",\"epochs\":\"" + (1 + v) + "\"}");
                        version.setString(9, at);
                        version.setString(10, at);
                        version.addBatch();
                    }
                    version.executeBatch();
                    rows += 1 + perModel;
                    if (rows >= 10_000) {
                        c.commit();
                        rows = 0;
                    }
                }
                c.commit();
            }
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA optimize");
                st.execute("INSERT INTO search_text (search_text) VALUES ('optimize')");
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static long count(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static long size(Path dir, Path db) throws IOException {
        long total = 0;
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(db.getFileName().toString()))
                    .toList()) {
                total += Files.size(p);
            }
        }
        return total;
    }
}
