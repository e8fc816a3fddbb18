package dev.rendergateway.redis.events;

import dev.rendergateway.core.events.RenderEvent;

import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RenderCodec;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * This instance's one reader of the stream of all events: a blocking {@code XREAD} on a connection of its
 * own, handing each event, in sequence order, to the local fan-out. It resumes where it stopped after a
 * Redis outage; when the stream was trimmed past it, it says so, so that feeds can end and resume exactly.
 */
final class RedisEventReader implements Disposable {

    private static final Logger log = LoggerFactory.getLogger(RedisEventReader.class);
    private static final long BLOCK_MILLIS = 1_000;
    private static final int BATCH = 256;

    private final RedisReactiveCommands<String, String> redis;
    private final String stream;
    private final RenderCodec codec;
    private final Consumer<RenderEvent> onEvent;
    private final Runnable onGap;
    private volatile long position;
    private Disposable loop;

    RedisEventReader(RedisConnection connection, RenderCodec codec, Consumer<RenderEvent> onEvent, Runnable onGap) {
        this.redis = connection.dedicatedCommands();
        this.stream = connection.keys().eventsAll();
        this.codec = codec;
        this.onEvent = onEvent;
        this.onGap = onGap;
    }

    /** Starts reading after {@code sequence}: the log's sequence when this instance starts. */
    RedisEventReader startAfter(long sequence) {
        position = sequence;
        loop = Mono.defer(this::readOnce)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(2))
                        .doBeforeRetry(signal -> log.warn("reading the event stream failed, retrying: {}",
                                signal.failure().toString())))
                .repeat()
                .subscribe();
        return this;
    }

    /** The sequence of the last event handed on. */
    long position() {
        return position;
    }

    private Mono<Void> readOnce() {
        return redis.xread(XReadArgs.Builder.block(BLOCK_MILLIS).count(BATCH),
                        XReadArgs.StreamOffset.from(stream, position + "-0"))
                .collectList()
                .doOnNext(this::handOn)
                .then();
    }

    private void handOn(List<StreamMessage<String, String>> messages) {
        for (StreamMessage<String, String> message : messages) {
            String id = message.getId();
            long sequence = Long.parseLong(id.substring(0, id.indexOf('-')));
            if (sequence > position + 1 && position > 0) {
                log.warn("the event stream skipped from {} to {}: feeds end and resume from the history",
                        position, sequence);
                onGap.run();
            }
            position = sequence;
            try {
                onEvent.accept(new RenderEvent(sequence, codec.decode(message.getBody().get("r"))));
            } catch (RuntimeException e) {
                log.error("event {} could not be handed on", sequence, e);
            }
        }
    }

    @Override
    public void dispose() {
        if (loop != null) {
            loop.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        return loop == null || loop.isDisposed();
    }
}
