package dev.rendergateway.client;

import java.io.FileInputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** This module's specs run under BlockHound: a blocking call on a non-blocking thread fails them. */
class BlockHoundIsActiveTest {

    @Test
    void failsABlockingReadOnAParallelThread() {
        // What UUID.randomUUID() does through SecureRandom, and what once made submit() fail on an event loop.
        Mono<Integer> reader = Mono.fromCallable(() -> {
            try (FileInputStream random = new FileInputStream("/dev/urandom")) {
                return random.read(new byte[16]);
            }
        });

        StepVerifier.create(reader.subscribeOn(Schedulers.parallel()))
                .expectError(BlockingOperationError.class)
                .verify(Duration.ofSeconds(5));
    }
}
