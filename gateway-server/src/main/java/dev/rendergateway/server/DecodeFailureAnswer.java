package dev.rendergateway.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rendergateway.core.json.GatewayObjectMapper;
import dev.rendergateway.server.http.ClientFault;
import dev.rendergateway.server.http.Problem;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers a request that cannot even be decoded (a head or request line past its limit, garbage instead of
 * HTTP) with a problem+json body, as every other 4xx of the gateway, and closes the connection: after a
 * broken head, nothing more on it can be trusted.
 */
final class DecodeFailureAnswer extends ChannelInboundHandlerAdapter {

    static final String NAME = "render-gateway.decodeFailureAnswer";
    private static final ObjectMapper MAPPER = GatewayObjectMapper.create();

    private boolean failed;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpObject http && http.decoderResult().isFailure()) {
            failed = true;
            DecoderResult result = http.decoderResult();
            ReferenceCountUtil.release(msg);
            FullHttpResponse answer = answer(result.cause());
            // The request's handler (if its head got through) sees its body fail: the status tells it whose fault.
            ctx.channel().attr(ClientFault.ANSWERED).set(answer.status().code());
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static byte[] bytes(Problem problem) {
        try {
            return MAPPER.writeValueAsBytes(problem.toJson(MAPPER));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem body cannot be written", e);
        }
    }

    private static FullHttpResponse answer(Throwable cause) {
        HttpResponseStatus status;
        String slug;
        String detail;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            slug = "uri-too-long";
            detail = "The request line is longer than allowed (half of GATEWAY_MAX_HEADER_SIZE).";
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            slug = "headers-too-large";
            detail = "The request headers are larger than allowed (GATEWAY_MAX_HEADER_SIZE).";
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            slug = "malformed-request";
            detail = "The request is not valid HTTP/1.1.";
        }
        byte[] bytes = bytes(Problem.of(status.code(), slug, status.reasonPhrase(), detail));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
