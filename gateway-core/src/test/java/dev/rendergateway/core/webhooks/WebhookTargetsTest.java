package dev.rendergateway.core.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

/** The SSRF guard: caller webhooks reach only public addresses, unless private ones are allowed. */
class WebhookTargetsTest {

    private final WebhookTargets guard = new WebhookTargets(HostResolver.system(), false);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "169.254.1.1", "100.64.0.1", "100.100.100.200", "0.0.0.0", "224.0.0.1",
            "255.255.255.255", "[::1]", "[::]", "[fe80::1]", "[fd00:ec2::254]", "[fc00::1]", "[ff02::1]",
            "[::ffff:127.0.0.1]", "[::ffff:10.0.0.1]", "[64:ff9b::a9fe:a9fe]", "[2002:7f00:1::]"})
    void refusesLoopbackPrivateLinkLocalMetadataAndReservedAddresses(String host) {
        assertThatThrownBy(() -> guard.vet("https://" + host + ":8443/hook").block())
                .isInstanceOfSatisfying(WebhookTargetRefusedException.class, refused -> {
                    assertThat(refused.permanent()).isTrue();
                    assertThat(refused.getMessage()).contains("address");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "[2606:4700:4700::1111]"})
    void acceptsPublicAddresses(String host) {
        VettedTarget target = guard.vet("https://" + host + "/hook?x=1").block();

        assertThat(target.uri().getRawQuery()).isEqualTo("x=1");
        assertThat(target.address().getPort()).isEqualTo(443);
    }

    @Test
    void refusesLocalhostByName() {
        assertThatThrownBy(() -> guard.vet("http://localhost:9/hook").block())
                .isInstanceOf(WebhookTargetRefusedException.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void refusesANameWhenAnyOfItsAddressesIsPrivate() {
        WebhookTargets mixed = new WebhookTargets(host -> Mono.just(List.of(address("93.184.216.34"),
                address("10.0.0.7"))), false);

        assertThatThrownBy(() -> mixed.vet("https://hooks.example.com/x").block())
                .isInstanceOf(WebhookTargetRefusedException.class)
                .hasMessageContaining("private");
    }

    @Test
    void connectsToTheVettedAddressUnderTheOriginalName() {
        WebhookTargets resolving = new WebhookTargets(host -> Mono.just(List.of(address("93.184.216.34"))), false);

        VettedTarget target = resolving.vet("http://hooks.example.com:8080/x").block();

        assertThat(target.address().getHostString()).isEqualTo("hooks.example.com");
        assertThat(target.address().getAddress().getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(target.address().getPort()).isEqualTo(8080);
        assertThat(target.address().isUnresolved()).isFalse();
    }

    @Test
    void allowsPrivateAddressesWhenConfiguredTo() {
        VettedTarget target = new WebhookTargets(HostResolver.system(), true).vet("http://127.0.0.1:9/x").block();

        assertThat(target.address().getAddress().isLoopbackAddress()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://93.184.216.34/x", "/relative", "https://user:pw@93.184.216.34/x", "not a url",
            "file:///etc/passwd"})
    void refusesWhatIsNotAnAbsoluteHttpUrl(String url) {
        assertThatThrownBy(() -> guard.vet(url).block())
                .isInstanceOfSatisfying(WebhookTargetRefusedException.class,
                        refused -> assertThat(refused.permanent()).isTrue());
    }

    @Test
    void reportsAnUnresolvableHostAsWorthRetrying() {
        WebhookTargets failing = new WebhookTargets(host -> Mono.error(new UnknownHostException(host)), false);

        assertThatThrownBy(() -> failing.vet("https://nowhere.invalid/x").block())
                .isInstanceOfSatisfying(WebhookTargetRefusedException.class,
                        refused -> assertThat(refused.permanent()).isFalse());
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
