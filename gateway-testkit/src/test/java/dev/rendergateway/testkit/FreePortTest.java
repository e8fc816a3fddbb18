package dev.rendergateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A free port is picked below the kernel's ephemeral range and can be bound. */
class FreePortTest {

    @Test
    void theEphemeralRangeStartsWhereTheKernelSaysButNeverBelowTenThousandAndOne() {
        assertThat(FreePort.ephemeralStart("32768\t60999\n")).isEqualTo(32_768);
        assertThat(FreePort.ephemeralStart("1024 65535")).isEqualTo(10_001);
    }

    @Test
    void aPickedPortLiesBelowTheEphemeralRangeAndCanBeBound() throws IOException {
        int port = FreePort.pick().port();

        assertThat(port).isBetween(10_000, 60_999);
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
