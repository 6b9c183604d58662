package dev.orderflow.paper.stream;

import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/** Open user data stream connections per account and per listen key. */
@Singleton
public class UserDataSockets {

    private static final Logger LOG = Logger.getLogger(UserDataSockets.class);

    record Socket(String listenKey, WebSocketConnection connection) {
    }

    private final Map<String, List<Socket>> byAccount = new ConcurrentHashMap<>();

    void add(String apiKey, String listenKey, WebSocketConnection connection) {
        byAccount.computeIfAbsent(apiKey, k -> new CopyOnWriteArrayList<>()).add(new Socket(listenKey, connection));
    }

    void remove(WebSocketConnection connection) {
        byAccount.values().forEach(list -> list.removeIf(s -> s.connection().id().equals(connection.id())));
    }

    boolean anyFor(String apiKey) {
        List<Socket> sockets = byAccount.get(apiKey);
        return sockets != null && !sockets.isEmpty();
    }

    int count() {
        return byAccount.values().stream().mapToInt(List::size).sum();
    }

    void send(String apiKey, String json) {
        List<Socket> sockets = byAccount.get(apiKey);
        if (sockets == null) {
            return;
        }
        for (Socket socket : sockets) {
            if (socket.connection().isOpen()) {
                socket.connection().sendText(json).subscribe().with(v -> { },
                        e -> LOG.debugf("User data event not delivered: %s", e.getMessage()));
            }
        }
    }

    void closeAll(String listenKey) {
        byAccount.values().forEach(list -> list.removeIf(s -> {
            if (s.listenKey().equals(listenKey)) {
                s.connection().close().subscribe().with(v -> { }, e -> { });
                return true;
            }
            return false;
        }));
    }
}
