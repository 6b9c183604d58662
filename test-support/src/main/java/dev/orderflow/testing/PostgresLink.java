package dev.orderflow.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP link between the service under test and Postgres that a test can cut as a Postgres restart
 * does: every open connection breaks at once and new ones are refused until the link is restored on
 * the same port. The service sees the real driver errors (an I/O error on a pooled connection,
 * "connection refused" when it reconnects), not a simulation of them.
 */
public final class PostgresLink implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    private PostgresLink(InetSocketAddress target) {
        this.target = target;
        this.server = listen(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    /** Opens a link to Postgres at {@code host:port}, listening on a free loopback port. */
    public static PostgresLink to(String host, int port) {
        return new PostgresLink(new InetSocketAddress(host, port));
    }

    /** The loopback port the service connects to instead of Postgres's own. */
    public int port() {
        return port;
    }

    /** Breaks every open connection and refuses new ones, as a stopped Postgres does. */
    public synchronized void cut() {
        ServerSocket current = server;
        server = null;
        if (current != null) {
            closeQuietly(current);
        }
        open.forEach(PostgresLink::closeQuietly);
        open.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() {
        if (server == null) {
            server = listen(port);
            accept(server);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on loopback port " + port, e);
        }
    }

    private void accept(ServerSocket listening) {
        Thread.ofVirtual().name("postgres-link-accept").start(() -> {
            while (!listening.isClosed()) {
                Socket client;
                try {
                    client = listening.accept();
                } catch (IOException e) {
                    continue; // closed by cut(): the loop ends
                }
                Socket upstream = new Socket();
                try {
                    upstream.connect(target, 2_000);
                    client.setTcpNoDelay(true);
                    upstream.setTcpNoDelay(true);
                } catch (IOException e) {
                    closeQuietly(client); // Postgres itself refused: the client sees its socket end
                    closeQuietly(upstream);
                    continue;
                }
                open.add(client);
                open.add(upstream);
                if (server != listening) { // cut while connecting
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                pump(client, upstream);
                pump(upstream, client);
            }
        });
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().name("postgres-link-pump").start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side went away; closing both below ends the other direction too
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
