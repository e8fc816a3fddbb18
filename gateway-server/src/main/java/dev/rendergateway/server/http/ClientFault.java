package dev.rendergateway.server.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.AttributeKey;
import java.io.IOException;
import reactor.netty.channel.AbortedException;

/**
 * A request that failed through its client, not the gateway: its HTTP could not be decoded (the decoder has answered
 * it already, see {@link #answered}), or the client went away mid-request. Such a failure is logged at INFO and
 * recorded under a 4xx status, so that no client can raise the gateway's 5xx rate or page its operator.
 */
public final class ClientFault {

    /** The status of the answer the pipeline already sent on a channel whose request could not be decoded. */
    public static final AttributeKey<Integer> ANSWERED = AttributeKey.valueOf("render-gateway.answeredStatus");

    /** Recorded for a client that closed its connection before the answer: nginx's "client closed request". */
    public static final int CLIENT_CLOSED_REQUEST = 499;

    private ClientFault() {
    }

    /** Whether {@code error} is the client's doing: its connection aborted or closed, or its bytes undecodable. */
    public static boolean isClientFault(Throwable error, Channel channel) {
        return channel != null && channel.hasAttr(ANSWERED) && channel.attr(ANSWERED).get() != null
                || error instanceof AbortedException
                || error instanceof DecoderException
                || error instanceof IOException && channel != null && !channel.isActive();
    }

    /** The status to record for a client fault: the one already answered, or 499 when nothing could be. */
    public static int statusOf(Channel channel) {
        Integer answered = channel == null ? null : channel.attr(ANSWERED).get();
        return answered != null ? answered : CLIENT_CLOSED_REQUEST;
    }
}
