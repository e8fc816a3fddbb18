package dev.rendergateway.server;

import dev.rendergateway.server.config.ConfigException;
import dev.rendergateway.server.config.ConfigFile;
import dev.rendergateway.server.config.GatewayConfig;

/** {@code java -jar render-gateway.jar [--config FILE]}: starts the gateway from the environment. */
public final class RenderGatewayMain {

    private RenderGatewayMain() {
    }

    public static void main(String[] args) {
        GatewayConfig config;
        try {
            config = GatewayConfig.fromEnvironment(ConfigFile.variables(args, System.getenv()));
        } catch (ConfigException e) {
            System.err.println("render-gateway: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        RenderGateway gateway;
        try {
            gateway = RenderGateway.start(config);
        } catch (ConfigException e) {
            // Found only at start, such as an unreadable GATEWAY_TLS_CERT: one line, as for the variables.
            System.err.println("render-gateway: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "render-gateway-shutdown"));
        gateway.awaitShutdown();
    }
}
