package dev.mvm.mlflow.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.SocketFactory;
import jdk.net.ExtendedSocketOptions;
import org.jspecify.annotations.Nullable;

/**
 * Makes sockets that acknowledge what they receive at once ({@code TCP_QUICKACK}) and send without delay
 * ({@code TCP_NODELAY}).
 *
 * <p>Why: MLflow's server (uvicorn) writes a response's headers and its body in two TCP segments and leaves
 * Nagle's algorithm on, so the body waits until the client acknowledges the headers. On a kept-alive
 * connection Linux delays that acknowledgement by at least 40 ms, which turns a 10 ms request into a 50 ms
 * one. The kernel leaves quick-ack mode on its own, so it is asked for again before every read: one
 * {@code setsockopt} per read, against a 40 ms stall per request.
 */
public final class QuickAckSocketFactory extends SocketFactory {
    private static final boolean SUPPORTED = probe();

    /** @return whether this platform has {@code TCP_QUICKACK} (Linux does; macOS and Windows do not) */
    public static boolean supported() {
        return SUPPORTED;
    }

    private static boolean probe() {
        try (Socket s = new Socket()) {
            return s.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public Socket createSocket() {
        return new QuickAckSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private static Socket connected(SocketAddress remote, @Nullable SocketAddress local) throws IOException {
        Socket s = new QuickAckSocket();
        if (local != null) {
            s.bind(local);
        }
        s.connect(remote);
        return s;
    }

    /** A plain socket whose reads each ask for an immediate acknowledgement first. */
    private static final class QuickAckSocket extends Socket {
        private @Nullable InputStream in;

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            super.connect(endpoint, timeout);
            setTcpNoDelay(true);
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        quickAck();
                        return super.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        quickAck();
                        return super.read(b, off, len);
                    }
                };
            }
            return in;
        }

        private void quickAck() {
            if (SUPPORTED) {
                try {
                    setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
                } catch (IOException | RuntimeException e) {
                    // a closed or broken socket: the read that follows reports it
                }
            }
        }
    }
}
