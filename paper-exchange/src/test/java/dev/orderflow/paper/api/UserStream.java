package dev.orderflow.paper.api;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A user data stream client: listen key over REST, events over the WebSocket. */
public final class UserStream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String listenKey;
    public final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final WebSocket socket;

    /** Opens a listen key through this test's REST client and connects to its stream. */
    UserStream() throws Exception {
        this(given().header("X-MBX-APIKEY", Signed.KEY).post("/api/v3/userDataStream")
                .then().statusCode(200).extract().path("listenKey"), "ws://localhost:" + RestAssured.port);
    }

    /** Connects to the stream of an existing listen key at a WebSocket base URL. */
    public UserStream(String listenKey, String wsBaseUrl) throws Exception {
        this.listenKey = listenKey;
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(wsBaseUrl + "/ws/" + listenKey), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                events.add(JSON.readTree(text.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get();
    }

    /** Execution reports of one client order id, in arrival order. */
    public List<JsonNode> reports(String coid) {
        return events.stream().filter(e -> "executionReport".equals(e.path("e").asText())
                && (coid.equals(e.path("c").asText()) || coid.equals(e.path("C").asText()))).toList();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
