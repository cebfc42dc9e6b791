package dev.mvm.mlflow;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one plain MLflow server (and, for permission tests, one basic-auth server) per test run, when a
 * test class first needs it, and stops them when the run ends (they live in the root context's store).
 */
public final class MlflowServerExtension implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MlflowServerExtension.class);
    private static volatile MlflowTestServer plain;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (MlflowServerExtension.class) {
            if (plain == null) {
                MlflowTestServer started = MlflowTestServer.start(false);
                context.getRoot().getStore(NS).put("plain", new Stopper(started));
                plain = started;
            }
        }
    }

    /** @return the shared plain server's tracking URI */
    static String uri() {
        if (plain == null) {
            throw new IllegalStateException("Annotate the test class with @ExtendWith(MlflowServerExtension.class)");
        }
        return plain.uri();
    }

    /** Stops a server when the root context closes. */
    private record Stopper(MlflowTestServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            synchronized (MlflowServerExtension.class) {
                plain = null;
            }
        }
    }
}
