package dev.rendergateway.sandbox.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rendergateway.sandbox.faults.Fault;
import dev.rendergateway.sandbox.faults.FaultPlan;
import dev.rendergateway.sandbox.faults.SandboxFaults;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void startsWithNoFaultsOnBothMethods() {
        FaultPlan none = FaultPlan.none();
        assertThat(none.methods()).containsExactlyInAnyOrder("POST", "GET");
        assertThat(none.latency()).isZero();
        assertThat(none.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(none.pick(0.0)).isNull();
    }

    @Test
    void splitsOneDrawBetweenTheFaultsInOrder() {
        FaultPlan plan = FaultPlan.none().withRateLimited(0.2).withServerError(0.3).withDropAfterRead(0.1);
        assertThat(plan.pick(0.1)).isEqualTo(Fault.RATE_LIMITED);
        assertThat(plan.pick(0.4)).isEqualTo(Fault.SERVER_ERROR);
        assertThat(plan.pick(0.55)).isEqualTo(Fault.DROP_AFTER_READ);
        assertThat(plan.pick(0.7)).isNull();
    }

    @Test
    void roundsRetryAfterUpToWholeSeconds() {
        assertThat(FaultPlan.none().withRetryAfter(Duration.ofMillis(1_200)).retryAfterSeconds()).isEqualTo(2);
        assertThat(FaultPlan.none().withRetryAfter(Duration.ofSeconds(3)).retryAfterSeconds()).isEqualTo(3);
    }

    @Test
    void appliesOnlyToTheChosenMethods() {
        FaultPlan plan = FaultPlan.none().withMethods("get");
        assertThat(plan.appliesTo("GET")).isTrue();
        assertThat(plan.appliesTo("POST")).isFalse();
    }

    @Test
    void refusesProbabilitiesOutsideZeroToOne() {
        assertThatThrownBy(() -> FaultPlan.none().withRateLimited(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultPlan.none().withServerError(0.6).withRateLimited(0.6))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scriptedFaultsComeFirstAndInOrder() {
        SandboxFaults faults = new SandboxFaults(1);
        faults.plan(FaultPlan.none().withServerError(1.0));
        faults.next(Fault.BAD_GATEWAY, Fault.NOT_FOUND);

        assertThat(faults.decide("GET").fault()).isEqualTo(Fault.BAD_GATEWAY);
        assertThat(faults.decide("POST").fault()).isEqualTo(Fault.NOT_FOUND);
        assertThat(faults.decide("GET").fault()).isEqualTo(Fault.SERVER_ERROR);

        faults.clear();
        assertThat(faults.decide("GET").faulty()).isFalse();
    }

    @Test
    void drawsTheSameFaultsForTheSameSeed() {
        SandboxFaults first = new SandboxFaults(7);
        SandboxFaults second = new SandboxFaults(7);
        FaultPlan half = FaultPlan.none().withRateLimited(0.5);
        first.plan(half);
        second.plan(half);
        for (int i = 0; i < 50; i++) {
            assertThat(first.decide("GET").fault()).isEqualTo(second.decide("GET").fault());
        }
    }
}
