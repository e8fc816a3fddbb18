package dev.rendergateway.server;

import dev.rendergateway.server.config.GatewayConfig;
import dev.rendergateway.server.config.ServerLimits;
import dev.rendergateway.server.http.routes.GatewayRoutes;
import dev.rendergateway.server.metrics.HttpServerMetrics;
import io.netty.channel.ChannelPipeline;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Binds the gateway's HTTP listener: TLS when configured, the routes (which time each request), a count of
 * open connections, and the limits against slow and hostile clients ({@link ServerLimits}).
 */
final class HttpListener {

    private HttpListener() {
    }

    /** Binds now, on {@code GATEWAY_HOST} (every interface when unset); throws when it cannot be bound. */
    static DisposableServer bind(GatewayConfig config, ListenerTls tls, GatewayRoutes routes,
                                 HttpServerMetrics metrics) {
        ServerLimits limits = config.limits();
        HttpServer server = tls.secure(HttpServer.create());
        if (config.host().isPresent()) {
            server = server.host(config.host().get());
        }
        return server
                .port(config.port())
                .httpRequestDecoder(spec -> spec
                        .maxHeaderSize(limits.maxHeaderBytes())
                        .maxInitialLineLength(limits.maxInitialLineBytes()))
                .idleTimeout(limits.idleTimeout())
                .readTimeout(limits.readTimeout())
                .doOnChannelInit((observer, channel, address) -> {
                    metrics.opened(channel);
                    guard(channel.pipeline(), limits);
                })
                .route(routes)
                .bindNow();
    }

    private static void guard(ChannelPipeline pipeline, ServerLimits limits) {
        if (pipeline.get(NettyPipeline.HttpCodec) == null) {
            return;
        }
        pipeline.addAfter(NettyPipeline.HttpCodec, DecodeFailureAnswer.NAME, new DecodeFailureAnswer());
        pipeline.addAfter(NettyPipeline.HttpCodec, HeadReadDeadline.NAME, new HeadReadDeadline(limits.readTimeout()));
    }
}
