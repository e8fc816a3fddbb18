package dev.rendergateway.server;

import dev.rendergateway.server.config.ConfigException;
import dev.rendergateway.server.config.ConfigFile;
import dev.rendergateway.server.config.GatewayConfig;
import java.time.Duration;

/**
 * {@code java -jar render-gateway.jar [--config FILE]}: starts the gateway from the environment, and drains it
 * on SIGTERM (or SIGINT) within {@code GATEWAY_DRAIN_TIMEOUT}.
 */
public final class RenderGatewayMain {

    /** Grace beyond the drain bound before the process is halted regardless. */
    private static final Duration HALT_GRACE = Duration.ofSeconds(2);

    private RenderGatewayMain() {
    }

    public static void main(String[] args) {
        oneEventLoopPerCore();
        GatewayConfig config;
        RenderGateway gateway;
        try {
            config = GatewayConfig.fromEnvironment(ConfigFile.variables(args, System.getenv()));
            gateway = RenderGateway.start(config);
        } catch (ConfigException e) {
            // Invalid variables, or values found wrong only at start (an unreadable GATEWAY_TLS_CERT): one line.
            System.err.println("render-gateway: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Duration bound = config.drainTimeout();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            haltAfter(bound.plus(HALT_GRACE));
            gateway.drain(bound);
            flushLogs();
        }, "render-gateway-drain"));
        gateway.awaitShutdown();
    }

    /**
     * Reactor Netty runs max(4, cores) event loops by default; on 2 cores, 4 loops only take turns on them, and
     * every turn is a thread switch between requests (on the reference machine: 11,800 reads a second with 4,
     * 19,300 with 2). One loop per core unless {@code -Dreactor.netty.ioWorkerCount} says otherwise. Set before
     * any Reactor Netty class reads it.
     */
    private static void oneEventLoopPerCore() {
        if (System.getProperty("reactor.netty.ioWorkerCount") == null) {
            System.setProperty("reactor.netty.ioWorkerCount",
                    Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
    }

    /** Stops Logback, which writes out what its async appender still holds (the drain's own lines). */
    private static void flushLogs() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.stop();
        }
    }

    /** A watchdog: whatever happens during the drain, the process is gone shortly after its bound. */
    private static void haltAfter(Duration limit) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("render-gateway: drain exceeded " + limit.toMillis() + " ms; halting");
            Runtime.getRuntime().halt(1);
        }, "render-gateway-drain-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
