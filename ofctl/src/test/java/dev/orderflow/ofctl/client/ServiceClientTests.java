package dev.orderflow.ofctl.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceClientTests {

    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/health/ready", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aPlainHttpServiceIsAskedWithoutAnyTlsContext() {
        ServiceClient client = new ServiceClient(Service.GATEWAY, URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Optional.of("token"));
        assertThat(client.get("/q/health/ready").path("status").asText()).isEqualTo("UP");
        assertThat(ServiceClient.await(client.send("GET", "/q/health/ready", null))).hasValueSatisfying(a -> assertThat(a.ok()).isTrue());
    }

    @Test
    void anHttpsServiceIsAskedOverTls() {
        // a plain HTTP server behind an https address: the TLS handshake fails, so TLS was attempted
        ServiceClient client = new ServiceClient(Service.GATEWAY, URI.create("https://127.0.0.1:" + server.getAddress().getPort()),
                Optional.empty());
        assertThatThrownBy(() -> client.get("/q/health/ready")).satisfies(thrown -> {
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                assertThat(t.getMessage()).as("a TLS connection was made by the TLS client").doesNotContain("plain HTTP client");
            }
        });
    }
}
