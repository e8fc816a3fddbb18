package dev.rendergateway.sandbox;

import dev.rendergateway.common.text.DurationText;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the sandbox standalone: {@code SANDBOX_PORT}, {@code SANDBOX_API_KEY}, {@code SANDBOX_RENDER_TIME}. */
public final class SandboxMain {
    private static final String LOGBACK_PROPERTY = "logback.configurationFile";

    private SandboxMain() {}

    /** Starts the sandbox and blocks until its server is disposed. */
    public static void main(String[] args) {
        if (System.getProperty(LOGBACK_PROPERTY) == null
                && SandboxMain.class.getResource("/sandbox-logback.xml") != null) {
            System.setProperty(LOGBACK_PROPERTY, "sandbox-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(SandboxMain.class);
        Json2VideoSandbox sandbox = Json2VideoSandbox.start(configFrom(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
        log.info("sandbox listening on port {}", sandbox.port());
        sandbox.onClose().block();
    }

    /** The configuration the environment asks for; unset variables keep the defaults (port 8090). */
    static SandboxConfig configFrom(Map<String, String> env) {
        SandboxConfig.Builder builder = SandboxConfig.custom()
                .port(Integer.parseInt(env.getOrDefault("SANDBOX_PORT", "8090").trim()));
        if (present(env, "SANDBOX_HOST")) {
            builder.host(env.get("SANDBOX_HOST").trim());
        }
        if (present(env, "SANDBOX_API_KEY")) {
            builder.apiKey(env.get("SANDBOX_API_KEY"));
        }
        if (present(env, "SANDBOX_RENDER_TIME")) {
            builder.renderTime(DurationText.parse("SANDBOX_RENDER_TIME", env.get("SANDBOX_RENDER_TIME")));
        }
        return builder.build();
    }

    private static boolean present(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }
}
