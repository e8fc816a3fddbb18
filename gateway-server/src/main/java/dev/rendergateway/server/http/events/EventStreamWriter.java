package dev.rendergateway.server.http.events;

import dev.rendergateway.core.events.RenderEvent;
import dev.rendergateway.core.events.SubscriberOverflowException;
import dev.rendergateway.core.tracing.TraceMdc;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.RejectedExecutionException;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.MonoSink;
import reactor.util.context.Context;

/**
 * One open event stream: writes each event of its feed straight to the connection and asks the feed for the
 * next one only once the last write has left, so nothing piles up here for a slow client (its feed conflates
 * instead). Heartbeats, the stall watchdog and the shutdown's goodbye come from {@link EventStreams}. All state
 * lives on the connection's event loop; signals from elsewhere hop onto it.
 */
final class EventStreamWriter implements CoreSubscriber<RenderEvent>, ChannelFutureListener {

    private static final Logger log = LoggerFactory.getLogger(EventStreamWriter.class);
    private static final ByteBuf RETRY = SseFrames.shared(SseFrames.RETRY);
    private static final ByteBuf HEARTBEAT = SseFrames.shared(SseFrames.HEARTBEAT);
    private static final ByteBuf GOODBYE = SseFrames.shared(SseFrames.GOODBYE);

    private final EventStreams streams;
    private final Channel channel;
    private final MonoSink<Void> done;
    private final Context context;
    private final ChannelFutureListener commentWritten = this::commentWritten;
    private Subscription feed;
    private Disposable expiry;
    /** Writes handed to the connection and not finished yet. */
    private int unfinished;
    /** Heartbeat ticks in a row that found a write unfinished. */
    private int stalledTicks;
    private boolean ended;
    /** Neighbours in its event loop's ring ({@link EventStreams}). */
    EventStreamWriter previous;
    EventStreamWriter next;

    EventStreamWriter(EventStreams streams, Channel channel, MonoSink<Void> done, Context context) {
        this.streams = streams;
        this.channel = channel;
        this.done = done;
        this.context = context;
    }

    @Override
    public Context currentContext() {
        return context;
    }

    /** The event loop of its connection, where its state lives. */
    io.netty.channel.EventLoop loop() {
        return channel.eventLoop();
    }

    /** Ends the stream (without an error) when {@code expiry} fires, unless it ended before. */
    void expireWith(Disposable expiry) {
        this.expiry = expiry;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        onLoop(() -> {
            feed = subscription;
            if (ended) {
                subscription.cancel();
            } else {
                write(RETRY.duplicate(), commentWritten);
                subscription.request(1);
            }
        });
    }

    @Override
    public void onNext(RenderEvent event) {
        onLoop(() -> {
            if (!ended) {
                streams.countDelivered();
                write(streams.frames().buffer(event), this);
            }
        });
    }

    @Override
    public void onError(Throwable error) {
        onLoop(() -> {
            if (error instanceof SubscriberOverflowException) {
                try (TraceMdc mdc = TraceMdc.from(currentContext())) {
                    log.info("event stream ended: {}; the client resumes when it reconnects", error.getMessage());
                }
                end(null);
            } else {
                end(error);
            }
        });
    }

    @Override
    public void onComplete() {
        onLoop(() -> end(null));
    }

    /** An event's write finished: the next event may come. */
    @Override
    public void operationComplete(ChannelFuture write) {
        unfinished--;
        if (!write.isSuccess()) {
            end(null);
        } else if (!ended && feed != null) {
            feed.request(1);
        }
    }

    /** One heartbeat period passed (on the event loop): a heartbeat, or the end of a stream that takes nothing. */
    void tick() {
        if (ended) {
            return;
        }
        if (unfinished > 0) {
            if (++stalledTicks >= SseFrames.STALL_LIMIT) {
                end(new StalledStreamException(SseFrames.STALL_LIMIT));
            }
            return;
        }
        stalledTicks = 0;
        write(HEARTBEAT.duplicate(), commentWritten);
    }

    /** Ends the stream with a last comment that makes the client reconnect (on the event loop). */
    void goodbye() {
        if (!ended) {
            write(GOODBYE.duplicate(), commentWritten);
            end(null);
        }
    }

    /** Ends the stream (on any thread): its connection closed, or it expired. */
    void release() {
        onLoop(() -> end(null));
    }

    private void commentWritten(ChannelFuture write) {
        unfinished--;
        if (!write.isSuccess()) {
            end(null);
        }
    }

    private void write(ByteBuf frame, ChannelFutureListener listener) {
        unfinished++;
        channel.writeAndFlush(frame).addListener(listener);
    }

    private void end(Throwable error) {
        if (ended) {
            return;
        }
        ended = true;
        streams.remove(this);
        if (feed != null) {
            feed.cancel();
        }
        if (expiry != null) {
            expiry.dispose();
        }
        if (error == null) {
            done.success();
        } else {
            done.error(error);
        }
    }

    private void onLoop(Runnable action) {
        if (channel.eventLoop().inEventLoop()) {
            action.run();
            return;
        }
        try {
            channel.eventLoop().execute(action);
        } catch (RejectedExecutionException stopped) {
            // The event loop is gone with the server; nothing can be written any more.
            done.success();
        }
    }
}
