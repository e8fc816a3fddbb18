package dev.rendergateway.core.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Netty 4.2's adaptive buffer allocator takes a {@code StampedLock} for a moment when it grows or frees a
 * magazine; under contention that parks the event loop for microseconds, by Netty's design. Without this
 * allowance, BlockHound fails any test that writes many buffers concurrently (seen on SSE fan-out).
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free")
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
                        "tryExpandMagazines");
    }
}
