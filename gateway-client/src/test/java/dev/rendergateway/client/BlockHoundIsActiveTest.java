package dev.rendergateway.client;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** This module's specs run under BlockHound: a blocking call on a non-blocking thread fails them. */
class BlockHoundIsActiveTest {

    @Test
    void failsABlockingCallOnAParallelThread() {
        Mono<String> reader = Mono.fromCallable(() -> {
            java.util.UUID.randomUUID(); // SecureRandom reads /dev/urandom: what submit() once did on an event loop
            return "read";
        });

        StepVerifier.create(reader.subscribeOn(Schedulers.parallel()))
                .expectError(BlockingOperationError.class)
                .verify(Duration.ofSeconds(5));
    }
}
