package dev.rendergateway.redis.quota;

import dev.rendergateway.core.quota.CreditLedger;
import dev.rendergateway.core.quota.DailyUsage;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.redis.RedisConnection;
import dev.rendergateway.redis.RedisFailure;
import dev.rendergateway.redis.RedisKeys;
import dev.rendergateway.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * {@link CreditLedger} shared by every instance: one {@code usage:<tenant>:<day>} hash per tenant and UTC day,
 * added to atomically ({@code HINCRBYFLOAT} in a script), kept {@link #RETENTION} after its last change.
 */
public final class RedisCreditLedger implements CreditLedger {

    static final Duration RETENTION = Duration.ofDays(3);
    private static final String CREDITS = "credits";

    private final RedisReactiveCommands<String, String> redis;
    private final RedisKeys keys;
    private final RedisScript add = RedisScript.load("usage-add");
    private final String retentionMillis = Long.toString(RETENTION.toMillis());

    public RedisCreditLedger(RedisConnection connection) {
        this.redis = connection.commands();
        this.keys = connection.keys();
    }

    @Override
    public Mono<Void> recordAccepted(String tenant, LocalDate day) {
        return book(tenant, day, "accepted", 0);
    }

    @Override
    public Mono<Void> recordFinished(String tenant, LocalDate day, RenderStatus status, double credits) {
        return book(tenant, day, status.wireName(), credits);
    }

    @Override
    public Mono<DailyUsage> usage(String tenant, LocalDate day) {
        return Mono.defer(() -> redis.hgetall(keys.usage(tenant, day.toString())).collectList())
                .onErrorMap(RedisFailure::translate)
                .map(fields -> {
                    double credits = 0;
                    Map<String, Long> renders = new HashMap<>();
                    for (var field : fields) {
                        if (CREDITS.equals(field.getKey())) {
                            credits = Double.parseDouble(field.getValue());
                        } else {
                            renders.put(field.getKey(), Long.parseLong(field.getValue()));
                        }
                    }
                    return new DailyUsage(credits, renders);
                });
    }

    private Mono<Void> book(String tenant, LocalDate day, String count, double credits) {
        return add.run(redis, ScriptOutputType.INTEGER, new String[] {keys.usage(tenant, day.toString())},
                count, java.math.BigDecimal.valueOf(credits).toPlainString(), retentionMillis).then();
    }
}
