package dev.rendergateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.support.TestGateway;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GATEWAY_HOST binds the listener to one address; unset, the gateway listens on every interface. */
class ListenerBindAddressTest {

    @Test
    void boundTo127001ItCannotBeReachedOnAnotherLoopbackAddress() throws IOException {
        try (TestGateway env = TestGateway.start(Map.of("GATEWAY_HOST", "127.0.0.1"))) {
            assertThat(env.gateway().config().host()).contains("127.0.0.1");
            assertThat(connects("127.0.0.1", env.port())).isTrue();
            assertThatThrownBy(() -> connects("127.0.0.2", env.port())).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void unsetItListensOnEveryInterface() throws IOException {
        try (TestGateway env = TestGateway.start(Map.of())) {
            assertThat(env.gateway().config().host()).isEmpty();
            assertThat(connects("127.0.0.2", env.port())).isTrue();
        }
    }

    @Test
    void anIpv6LiteralMayComeInBrackets() {
        GatewayConfig config = GatewayConfig.fromEnvironment(Map.of("GATEWAY_HOST", "[::1]"));

        assertThat(config.host()).isEqualTo(Optional.of("::1"));
    }

    private static boolean connects(String address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return socket.isConnected();
        }
    }
}
