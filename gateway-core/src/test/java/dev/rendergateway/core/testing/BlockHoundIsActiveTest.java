package dev.rendergateway.core.testing;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The suite's guard against blocking on non-blocking threads is really installed. */
class BlockHoundIsActiveTest {

    @Test
    void failsABlockingCallOnAParallelThread() {
        Mono<String> sleeper = Mono.fromCallable(() -> {
            Thread.sleep(1);
            return "slept";
        });

        StepVerifier.create(sleeper.subscribeOn(Schedulers.parallel()))
                .expectError(BlockingOperationError.class)
                .verify(Duration.ofSeconds(5));
    }
}
