package dev.rendergateway.redis.testing;

import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: one {@link RedisServerProcess} per test class (register it as a static field with
 * {@code @RegisterExtension}), emptied before each test, stopped after the class.
 */
public final class RedisServer implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private RedisServerProcess process;

    @Override
    public void beforeAll(ExtensionContext context) {
        process = RedisServerProcess.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        process.flushAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process != null) {
            process.close();
        }
    }

    public RedisServerProcess process() {
        return process;
    }

    /** Settings for this server with the default layout. */
    public RedisSettings settings() {
        return RedisSettings.of(process.url());
    }

    /** A new client connection (close it after the test). */
    public RedisConnection connect() {
        return RedisConnection.open(settings());
    }
}
