package dev.rendergateway.core.webhooks;

import java.net.InetAddress;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Resolves a host name to all its addresses, without blocking the calling thread. */
@FunctionalInterface
public interface HostResolver {

    /** Every address of {@code host}; errors with {@link java.net.UnknownHostException} when it has none. */
    Mono<List<InetAddress>> resolve(String host);

    /**
     * The JDK's resolver (hosts file, then DNS, with the JDK's cache), run on {@code boundedElastic} because
     * it blocks; literal addresses are parsed without a lookup.
     */
    static HostResolver system() {
        return host -> Mono.fromCallable(() -> List.of(InetAddress.getAllByName(host)))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
