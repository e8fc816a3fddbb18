package dev.rendergateway.core.webhooks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The SSRF guard of caller webhooks: a URL must be absolute {@code http(s)} and every address its host resolves
 * to must be on the public internet (see {@link ForbiddenAddresses}), unless private targets are allowed. It
 * is checked when a render is submitted and again before each delivery, which then connects to the address
 * vetted here, so that a DNS answer changed in between (rebinding) cannot redirect it.
 */
public final class WebhookTargets {

    /** The longest webhook URL accepted. */
    public static final int MAX_LENGTH = 2048;

    private final HostResolver resolver;
    private final boolean allowPrivate;

    public WebhookTargets(HostResolver resolver, boolean allowPrivate) {
        this.resolver = resolver;
        this.allowPrivate = allowPrivate;
    }

    /** The URL with the address to connect to; errors with {@link WebhookTargetRefusedException}. */
    public Mono<VettedTarget> vet(String url) {
        return Mono.defer(() -> {
            URI uri = parse(url);
            String host = uri.getHost();
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            return resolver.resolve(bare)
                    .onErrorMap(UnknownHostException.class, unknown -> new WebhookTargetRefusedException(
                            "the host " + bare + " does not resolve", false))
                    .map(addresses -> new VettedTarget(uri, socketAddress(bare, pick(bare, addresses), port)));
        });
    }

    private InetAddress pick(String host, List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            throw new WebhookTargetRefusedException("the host " + host + " does not resolve", false);
        }
        if (!allowPrivate) {
            // Every address, not just the first: a name may mix a public and a private answer.
            for (InetAddress address : addresses) {
                Optional<String> kind = ForbiddenAddresses.kindOf(address);
                if (kind.isPresent()) {
                    throw new WebhookTargetRefusedException("the host " + host + " resolves to " + kind.get()
                            + " address; the gateway only calls public addresses", true);
                }
            }
        }
        return addresses.get(0);
    }

    private static InetSocketAddress socketAddress(String host, InetAddress address, int port) {
        try {
            // Keeps the name for TLS (SNI, certificate check) and the Host header, without another lookup.
            return new InetSocketAddress(InetAddress.getByAddress(host, address.getAddress()), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI parse(String url) {
        if (url == null || url.length() > MAX_LENGTH) {
            throw new WebhookTargetRefusedException("must be an absolute http(s) URL of at most " + MAX_LENGTH
                    + " characters", true);
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        throw new WebhookTargetRefusedException("must be an absolute http(s) URL with a host and no user info", true);
    }
}
