package dev.rendergateway.core.events;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Hot multicast channels by key, created on a first subscriber and removed with the last, so that an
 * idle key costs nothing and a key with no subscribers drops what is published to it.
 */
final class Topics<T> {

    private static final Sinks.EmitFailureHandler RETRY_CONCURRENT_EMITS =
            Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100));

    private final ConcurrentMap<String, Topic<T>> topics = new ConcurrentHashMap<>();
    private final int subscriberBuffer;

    Topics(int subscriberBuffer) {
        this.subscriberBuffer = subscriberBuffer;
    }

    Flux<T> subscribe(String key) {
        return Flux.defer(() -> {
            Topic<T> topic = topics.compute(key, (k, existing) -> {
                Topic<T> t = existing == null ? new Topic<>() : existing;
                t.references++;
                return t;
            });
            return topic.sink.asFlux()
                    .onBackpressureBuffer(subscriberBuffer, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST)
                    .doFinally(signal -> release(key));
        });
    }

    void emit(String key, T value) {
        Topic<T> topic = topics.get(key);
        if (topic != null) {
            topic.sink.emitNext(value, RETRY_CONCURRENT_EMITS);
        }
    }

    boolean hasSubscribers(String key) {
        return topics.containsKey(key);
    }

    int subscribedKeys() {
        return topics.size();
    }

    private void release(String key) {
        topics.computeIfPresent(key, (k, topic) -> --topic.references == 0 ? null : topic);
    }

    /** One key's sink and how many subscriptions hold it; the count changes only inside map compute. */
    private static final class Topic<T> {
        final Sinks.Many<T> sink = Sinks.many().multicast().directBestEffort();
        int references;
    }
}
