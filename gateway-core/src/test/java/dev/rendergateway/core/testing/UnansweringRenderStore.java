package dev.rendergateway.core.testing;

import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.store.ForwardingRenderStore;
import dev.rendergateway.core.store.RenderStore;
import dev.rendergateway.core.store.StoreUnavailableException;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * A store whose answers can go missing, as Redis's do when it stalls past the command timeout: the next
 * writes to a given status either land and answer with an outage anyway (the caller cannot tell), or do
 * not land at all; the next reads can fail. Everything else passes through.
 */
public final class UnansweringRenderStore extends ForwardingRenderStore {

    private final AtomicInteger landedButUnanswered = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicInteger unansweredReads = new AtomicInteger();
    private volatile RenderStatus target = RenderStatus.SUBMITTING;

    public UnansweringRenderStore(RenderStore renders) {
        super(renders);
    }

    /** The next {@code times} writes of {@code status} are stored, but their callers hear of an outage. */
    public void landWithoutAnswer(RenderStatus status, int times) {
        target = status;
        landedButUnanswered.set(times);
    }

    /** The next {@code times} writes of {@code status} are not stored, and their callers hear of an outage. */
    public void loseWrites(RenderStatus status, int times) {
        target = status;
        lost.set(times);
    }

    /** The next {@code times} reads of one render fail with an outage. */
    public void failReads(int times) {
        unansweredReads.set(times);
    }

    @Override
    public Mono<Render> find(String id) {
        return Mono.defer(() -> unansweredReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                ? Mono.error(outage())
                : super.find(id));
    }

    @Override
    public Mono<Render> findOwned(String tenant, String id) {
        return Mono.defer(() -> unansweredReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                ? Mono.error(outage())
                : super.findOwned(tenant, id));
    }

    @Override
    public Mono<Render> compareAndSet(Render current, Render next) {
        if (next.status() == target && lost.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Mono.error(outage());
        }
        Mono<Render> written = renders().compareAndSet(current, next);
        if (next.status() == target && landedButUnanswered.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return written.then(Mono.error(outage()));
        }
        return written;
    }

    private static StoreUnavailableException outage() {
        return new StoreUnavailableException("the store did not answer in time (test)", null);
    }
}
