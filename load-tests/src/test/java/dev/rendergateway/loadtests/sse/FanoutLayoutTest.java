package dev.rendergateway.loadtests.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How subscribers are spread over gateways and client processes. */
class FanoutLayoutTest {

    @Test
    void hundredThousandOverSixGatewaysTakesTwoClientsPerGatewayEachOnItsOwnAddress() {
        List<ClientShare> shares = FanoutLayout.split(100_000, 6, 9_500);
        assertThat(shares).hasSize(12);
        assertThat(shares.stream().mapToInt(ClientShare::subscribers).sum()).isEqualTo(100_000);
        assertThat(shares).allSatisfy(share -> assertThat(share.subscribers()).isBetween(8_333, 8_334));
        assertThat(shares.stream().filter(share -> share.server() == 5)).hasSize(2);
        assertThat(shares.stream().map(ClientShare::source).distinct()).hasSize(12);
        assertThat(shares.get(0).source()).isEqualTo("127.0.0.2");
        assertThat(shares.get(11).source()).isEqualTo("127.0.0.13");
    }

    @Test
    void oneServerTakesAsFewClientsAsTheLimitAllows() {
        assertThat(FanoutLayout.split(10_000, 1, 9_500)).containsExactly(
                new ClientShare(0, 5_000, "127.0.0.2"), new ClientShare(0, 5_000, "127.0.0.3"));
        assertThat(FanoutLayout.split(200, 2, 9_500)).containsExactly(
                new ClientShare(0, 100, "127.0.0.2"), new ClientShare(1, 100, "127.0.0.3"));
        assertThat(FanoutLayout.split(7, 3, 9_500)).extracting(ClientShare::subscribers).containsExactly(3, 2, 2);
    }

    @Test
    void refusesWhatItCannotSpread() {
        assertThatThrownBy(() -> FanoutLayout.split(0, 1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FanoutLayout.split(10_000, 1, 1)).hasMessageContaining("source addresses");
    }
}
