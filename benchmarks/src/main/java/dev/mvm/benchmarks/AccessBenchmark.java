package dev.mvm.benchmarks;

import dev.mvm.access.AccessController;
import dev.mvm.access.SqliteAccessPolicyStore;
import dev.mvm.api.access.Grant;
import dev.mvm.api.access.GroupResolver;
import dev.mvm.api.access.Permission;
import dev.mvm.api.access.Principal;
import dev.mvm.api.access.Role;
import dev.mvm.api.access.Scope;
import dev.mvm.api.model.ModelName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Permission checks with 10,000 grants, sampled for percentiles (target: p99 under 10 µs). The policy has 2,000
 * users and service accounts, each in two of 200 groups, and 10,000 grants spread over global, 50 namespaces
 * and 5,000 models, a tenth of them expired. Checks alternate between allowed and denied cases (a denial looks
 * at every grant holder the principal has, so it is the slower case).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AccessBenchmark
 * </pre>
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AccessBenchmark {
    private static final int USERS = 2_000;
    private static final int GROUPS = 200;
    private static final int GRANTS = 10_000;
    private static final int QUERIES = 4_096;

    private Path dir;
    private SqliteAccessPolicyStore store;
    private AccessController access;
    private Principal[] principals;
    private Permission[] permissions;
    private ModelName[] models;
    private int next;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath(),
                "mvm-access-");
        store = SqliteAccessPolicyStore.open(dir.resolve("access.db"));
        Random random = new Random(42);
        Instant now = Instant.now();
        Principal root = Principal.user("root");
        Map<Principal, Set<Principal>> memberships = new HashMap<>();
        List<Principal> members = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            Principal p = u % 10 == 0 ? Principal.service("svc" + u) : Principal.user("user" + u);
            members.add(p);
            memberships.put(p, Set.of(Principal.group("g" + (u % GROUPS)), Principal.group("g" + ((u * 7 + 3) % GROUPS))));
        }
        List<Role> roles = Role.builtIns();
        List<Grant> grants = new ArrayList<>(GRANTS);
        for (int i = 0; i < GRANTS; i++) {
            Principal who = i % 5 == 0 ? Principal.group("g" + random.nextInt(GROUPS)) : members.get(random.nextInt(USERS));
            Scope scope = switch (i % 20) {
                case 0 -> Scope.global();
                case 1, 2, 3, 4 -> Scope.namespace("ns" + random.nextInt(50));
                default -> Scope.model("ns" + random.nextInt(50) + "/m" + random.nextInt(100));
            };
            Role role = roles.get(random.nextInt(roles.size() - 1));
            Instant expiry = i % 10 == 0 ? now.plusMillis(1) : null;
            grants.add(new Grant("g" + i, who, role, scope, root, now.minusSeconds(60), expiry, null));
        }
        store.addGrants(grants);
        access = AccessController.rbac(store).groups(GroupResolver.of(memberships))
                .refreshInterval(Duration.ofSeconds(1)).build();
        principals = new Principal[QUERIES];
        permissions = new Permission[QUERIES];
        models = new ModelName[QUERIES];
        Permission[] all = Permission.values();
        for (int q = 0; q < QUERIES; q++) {
            Grant g = grants.get(random.nextInt(GRANTS));
            boolean aimAtGrant = q % 2 == 0 && g.principal().kind() != Principal.Kind.GROUP;
            principals[q] = aimAtGrant ? g.principal() : members.get(random.nextInt(USERS));
            permissions[q] = aimAtGrant ? Permission.READ : all[random.nextInt(all.length)];
            models[q] = aimAtGrant && g.scope().kind() == Scope.Kind.MODEL ? ModelName.of(g.scope().name())
                    : ModelName.of("ns" + random.nextInt(50) + "/m" + random.nextInt(100));
        }
        int allowed = 0;
        for (int q = 0; q < QUERIES; q++) {
            allowed += access.isAllowed(principals[q], permissions[q], models[q]) ? 1 : 0;
        }
        System.out.println("# " + grants.size() + " grants; " + allowed + " of " + QUERIES + " sample checks allowed");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        RegistrationBenchmark.delete(dir);
    }

    /** One permission check on a model: principal, its groups, and the model's three scopes. */
    @Benchmark
    public boolean check() {
        int q = next++ & (QUERIES - 1);
        return access.isAllowed(principals[q], permissions[q], models[q]);
    }
}
