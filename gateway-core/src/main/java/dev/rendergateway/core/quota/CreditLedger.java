package dev.rendergateway.core.quota;

import dev.rendergateway.core.render.RenderStatus;
import java.time.LocalDate;
import reactor.core.publisher.Mono;

/**
 * Per tenant and UTC day: the upstream credits its renders consumed, and how many renders were accepted and
 * ended in each status. In this process's memory by default, shared by every instance on Redis.
 */
public interface CreditLedger {

    /** Counts one render of the tenant accepted on {@code day}. */
    Mono<Void> recordAccepted(String tenant, LocalDate day);

    /** Counts one render of the tenant that ended on {@code day} in {@code status}, having consumed {@code credits}. */
    Mono<Void> recordFinished(String tenant, LocalDate day, RenderStatus status, double credits);

    /** What the tenant consumed and how its renders went on {@code day}; zeros for a day without any. */
    Mono<DailyUsage> usage(String tenant, LocalDate day);
}
