package dev.rendergateway.server;

import dev.rendergateway.core.events.InMemoryRenderEvents;
import dev.rendergateway.core.events.RenderEvents;
import dev.rendergateway.core.events.SubscriberStats;
import dev.rendergateway.core.idempotency.IdempotencyKeys;
import dev.rendergateway.core.idempotency.InMemoryIdempotencyKeys;
import dev.rendergateway.core.pipeline.FairSubmissionQueue;
import dev.rendergateway.core.pipeline.InMemoryPollLeases;
import dev.rendergateway.core.pipeline.PollLeases;
import dev.rendergateway.core.pipeline.RenderRestore;
import dev.rendergateway.core.pipeline.SubmissionQueue;
import dev.rendergateway.core.quota.CreditLedger;
import dev.rendergateway.core.quota.InMemoryCreditLedger;
import dev.rendergateway.core.resilience.BudgetConfig;
import dev.rendergateway.core.resilience.LocalUpstreamBudget;
import dev.rendergateway.core.resilience.UpstreamBudget;
import dev.rendergateway.core.store.InMemoryRenderStore;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.time.SchedulerClock;
import dev.rendergateway.core.webhooks.DeliveryStore;
import dev.rendergateway.core.webhooks.InMemoryDeliveryStore;
import dev.rendergateway.core.webhooks.InMemoryWebhookSecrets;
import dev.rendergateway.core.webhooks.WebhookSecrets;
import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisDataLossWatch;
import dev.rendergateway.redis.RedisSettings;
import dev.rendergateway.redis.RememberedIdempotencyKeys;
import dev.rendergateway.redis.budget.RedisUpstreamBudget;
import dev.rendergateway.redis.events.RedisRenderEvents;
import dev.rendergateway.redis.idempotency.RedisIdempotencyKeys;
import dev.rendergateway.redis.pipeline.RedisPollLeases;
import dev.rendergateway.redis.pipeline.RedisRenderRestore;
import dev.rendergateway.redis.pipeline.RedisSubmissionQueue;
import dev.rendergateway.redis.quota.RedisCreditLedger;
import dev.rendergateway.redis.store.RedisRenderStore;
import dev.rendergateway.redis.webhooks.RedisDeliveryStore;
import dev.rendergateway.redis.webhooks.RedisWebhookSecrets;
import dev.rendergateway.server.config.ConfigException;
import dev.rendergateway.server.config.ConfigVariable;
import dev.rendergateway.server.config.GatewayConfig;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Where the gateway keeps its state: in this process's memory (the embedded default), or in Redis when
 * {@code GATEWAY_REDIS_URL} is set, shared by every instance. Everything behind the same seams.
 */
record StateWiring(String description, RenderStore store, RenderEvents events, SubscriberStats streamStats,
                   SubmissionQueue queue, IdempotencyKeys idempotencyKeys, PollLeases leases, RenderRestore restore,
                   UpstreamBudget budget, DeliveryStore deliveries, WebhookSecrets webhookSecrets, CreditLedger credits,
                   AutoCloseable resources) implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateWiring.class);

    static StateWiring from(GatewayConfig config, Scheduler scheduler) {
        return config.redisUrl().isPresent() ? redis(config, scheduler) : inMemory(config, scheduler);
    }

    private static StateWiring inMemory(GatewayConfig config, Scheduler scheduler) {
        InMemoryRenderEvents events = new InMemoryRenderEvents();
        LocalUpstreamBudget budget = new LocalUpstreamBudget(BudgetConfig.of(config.upstreamRate()), scheduler);
        return new StateWiring("in memory", new InMemoryRenderStore(), events, events,
                new FairSubmissionQueue(config.queue(), config.upstreamRate(), System::nanoTime),
                new InMemoryIdempotencyKeys(config.idempotencyTtl(), new SchedulerClock(scheduler)),
                InMemoryPollLeases.solo(new SchedulerClock(scheduler)), RenderRestore.never(), budget,
                new InMemoryDeliveryStore(),
                new InMemoryWebhookSecrets(new SchedulerClock(scheduler), WebhookWiring.ROTATION_OVERLAP),
                new InMemoryCreditLedger(), budget::dispose);
    }

    private static StateWiring redis(GatewayConfig config, Scheduler scheduler) {
        RedisSettings settings = RedisSettings.of(config.redisUrl().orElseThrow());
        RedisConnection connection;
        try {
            connection = RedisConnection.open(settings);
        } catch (RuntimeException e) {
            throw new ConfigException(ConfigVariable.GATEWAY_REDIS_URL + ": cannot connect to Redis at " + settings.url().getHost()
                    + ":" + settings.url().getPort() + " (" + e.getMessage() + ")");
        }
        String instance = instanceName();
        RedisRenderEvents events = new RedisRenderEvents(connection);
        RedisSubmissionQueue queue = new RedisSubmissionQueue(connection, config.queue(), config.upstreamRate(),
                scheduler);
        LocalUpstreamBudget local = new LocalUpstreamBudget(BudgetConfig.of(config.upstreamRate()), scheduler);
        RedisUpstreamBudget budget = new RedisUpstreamBudget(local, connection, BudgetConfig.of(config.upstreamRate()),
                scheduler);
        log.info("state in Redis at {}:{}, shared by every instance; this instance is {}",
                settings.url().getHost(), settings.url().getPort(), instance);
        RememberedIdempotencyKeys rememberedKeys = new RememberedIdempotencyKeys();
        RedisPollLeases leases = new RedisPollLeases(connection, instance, config.leaseTtl());
        RedisDataLossWatch dataLoss = new RedisDataLossWatch(connection, RedisDataLossWatch.PERIOD, scheduler);
        Disposable resources = () -> {
            dataLoss.dispose();
            budget.dispose();
            local.dispose();
            queue.dispose();
            events.dispose();
            connection.close();
        };
        return new StateWiring("redis", new RedisRenderStore(connection), events, events, queue,
                new RedisIdempotencyKeys(connection, config.idempotencyTtl(), rememberedKeys), leases,
                new RedisRenderRestore(connection, dataLoss, rememberedKeys, leases), budget,
                new RedisDeliveryStore(connection, instance),
                new RedisWebhookSecrets(connection, new SchedulerClock(scheduler), WebhookWiring.ROTATION_OVERLAP),
                new RedisCreditLedger(connection), resources::dispose);
    }

    /** A name no other instance has, readable in Redis: host, process id, a random tag. */
    private static String instanceName() {
        byte[] tag = new byte[3];
        ThreadLocalRandom.current().nextBytes(tag);
        return ManagementFactory.getRuntimeMXBean().getName() + "-" + HexFormat.of().formatHex(tag);
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            log.warn("state did not close cleanly: {}", e.toString());
        }
    }
}
