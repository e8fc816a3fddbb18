package dev.rendergateway.loadtests.proc;

import java.util.List;

/** The bench sandbox's counters at one moment ({@code GET /counters} of {@link BenchSandboxMain}). */
public record SandboxCounts(long posts, long gets, long rendersCreated, long rejected429, long maxInOneSecond,
                            long webhookCalls, List<Long> requestTimesMicros) {

    /** Upstream requests of both methods. */
    public long requests() {
        return posts + gets;
    }
}
