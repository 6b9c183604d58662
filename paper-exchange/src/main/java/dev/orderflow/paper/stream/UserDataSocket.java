package dev.orderflow.paper.stream;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import java.util.Optional;

/**
 * The user data stream, as Binance's {@code /ws/<listenKey>}: pushes executionReport and
 * outboundAccountPosition events of the key's account. An unknown or expired key is closed at once.
 */
@WebSocket(path = "/ws/{listenKey}")
public class UserDataSocket {

    private final ListenKeys listenKeys;
    private final UserDataSockets sockets;

    public UserDataSocket(ListenKeys listenKeys, UserDataSockets sockets) {
        this.listenKeys = listenKeys;
        this.sockets = sockets;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        String listenKey = connection.pathParam("listenKey");
        Optional<String> account = listenKeys.account(listenKey);
        if (account.isEmpty()) {
            return connection.close();
        }
        sockets.add(account.get(), listenKey, connection);
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    public void ignore(String message) {
        // Binance's user data stream takes no messages from the client.
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        sockets.remove(connection);
    }
}
