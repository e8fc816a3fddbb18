package dev.rendergateway.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rendergateway.core.render.Render;
import dev.rendergateway.core.render.RenderError;
import dev.rendergateway.core.render.RenderStatus;
import dev.rendergateway.core.testing.Movies;
import dev.rendergateway.core.testing.PipelineHarness;
import dev.rendergateway.core.upstream.MovieTag;
import dev.rendergateway.sandbox.faults.Fault;
import dev.rendergateway.sandbox.faults.FaultPlan;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A submission whose answer was lost is never sent blindly again: it is looked up by its tag in the upstream's
 * list mode, adopted when found, sent again once when it stayed absent for the whole window, and given up as
 * {@code upstream_outcome_unknown} only when list mode itself stayed unavailable. In virtual time, against the
 * sandbox engine (30 s renders; the default window of 2 min, read every 20 s).
 */
class SubmissionReconciliationTest {

    private static final Duration READ = ReconcileConfig.defaults().readInterval();
    private static final Duration WINDOW = ReconcileConfig.defaults().window();

    private final PipelineHarness harness = PipelineHarness.create(Duration.ofSeconds(30)).start();

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aSubmissionWhoseConnectionDroppedAfterItArrivedIsFoundInTheListAndFinishes() {
        harness.upstream.faults().next(Fault.DROP_AFTER_READ);

        Render render = harness.accept(Movies.hello());
        harness.advance(Duration.ofSeconds(1));
        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.SUBMITTING);
        harness.advance(READ);

        Render adopted = harness.current(render);
        assertThat(adopted.status()).isEqualTo(RenderStatus.RUNNING);
        assertThat(adopted.project()).isIn(harness.upstream.engine().projects());
        harness.advance(Duration.ofMinutes(1));
        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.DONE);
        assertThat(harness.upstream.submits()).isOne();
        assertThat(harness.upstream.engine().size()).isOne();
    }

    @Test
    void aSubmissionAnsweredWithGarbageAfterItWasCreatedIsAdoptedToo() {
        harness.upstream.faults().next(Fault.UNPARSEABLE);

        Render render = harness.accept(Movies.hello());
        harness.advance(READ.plusSeconds(1));

        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.RUNNING);
        assertThat(harness.upstream.submits()).isOne();
        assertThat(harness.upstream.engine().size()).isOne();
    }

    @Test
    void aSubmissionAbsentFromTheListForTheWholeWindowIsSentAgainOnce() {
        harness.upstream.faults().next(Fault.SERVER_ERROR);

        Render render = harness.accept(Movies.hello());
        harness.advance(WINDOW.minusSeconds(1));
        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.SUBMITTING);
        assertThat(harness.upstream.submits()).isOne();
        harness.advance(READ.plusSeconds(2));

        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.RUNNING);
        assertThat(harness.upstream.submits()).isEqualTo(2);
        assertThat(harness.upstream.engine().size()).isOne();
        harness.advance(Duration.ofMinutes(1));
        assertThat(harness.current(render).status()).isEqualTo(RenderStatus.DONE);
    }

    @Test
    void aSubmissionAbsentAgainAfterItsOneResendEndsOutcomeUnknownAndIsNotSentAThirdTime() {
        harness.upstream.faults().plan(FaultPlan.none().withServerError(1.0).withMethods("POST"));

        Render render = harness.accept(Movies.hello());
        harness.advance(WINDOW.multipliedBy(2).plus(READ.multipliedBy(3)));

        Render ended = harness.current(render);
        assertThat(ended.status()).isEqualTo(RenderStatus.ERROR);
        assertThat(ended.error().code()).isEqualTo(RenderError.OUTCOME_UNKNOWN);
        assertThat(ended.error().message()).contains("not re-sent a third time");
        harness.advance(WINDOW);
        assertThat(harness.upstream.submits()).isEqualTo(2);
        assertThat(harness.upstream.engine().size()).isZero();
    }

    @Test
    void onlyAListThatStaysUnavailableForTheWholeWindowEndsTheRenderOutcomeUnknown() {
        harness.upstream.faults().plan(FaultPlan.none().withServerError(1.0).withMethods("GET"));
        harness.upstream.faults().next(Fault.DROP_AFTER_READ);

        Render render = harness.accept(Movies.hello());
        harness.advance(WINDOW.plus(READ.multipliedBy(2)));

        Render ended = harness.current(render);
        assertThat(ended.status()).isEqualTo(RenderStatus.ERROR);
        assertThat(ended.error().code()).isEqualTo(RenderError.OUTCOME_UNKNOWN);
        assertThat(ended.error().message()).contains("list could not be read");
        assertThat(harness.upstream.submits()).isOne();
        assertThat(harness.upstream.lists()).isPositive();
    }

    @Test
    void oneListReadServesEveryRenderWaitingForAnAnswer() {
        // Eight: fewer than the ten calls the circuit breaker needs before it may open.
        harness.upstream.faults().next(IntStream.range(0, 8).mapToObj(i -> Fault.DROP_AFTER_READ)
                .toArray(Fault[]::new));

        List<Render> renders = IntStream.range(0, 8).mapToObj(i -> harness.accept(Movies.hello())).toList();
        harness.advance(Duration.ofSeconds(2));
        assertThat(renders).allSatisfy(render ->
                assertThat(harness.current(render).status()).isEqualTo(RenderStatus.SUBMITTING));
        harness.advance(READ);

        assertThat(renders).allSatisfy(render ->
                assertThat(harness.current(render).status()).isEqualTo(RenderStatus.RUNNING));
        assertThat(harness.upstream.lists()).as("list reads for 8 lost answers").isOne();
        assertThat(harness.upstream.submits()).isEqualTo(8);
        assertThat(harness.upstream.engine().size()).isEqualTo(8);
    }

    @Test
    void everyMovieCarriesItsRenderIdBesideTheCallersOwnClientData() {
        JsonNode movie = Movies.json("{\"scenes\":[{\"elements\":[]}],\"client-data\":{\"order\":17}}");

        Render render = harness.accept(movie);
        harness.advance(Duration.ofSeconds(5));

        JsonNode sent = harness.upstream.engine().list(java.time.LocalDate.of(1970, 1, 1),
                java.time.LocalDate.of(1970, 1, 1), 10, null).movies().get(0).clientData();
        assertThat(sent.path("order").asInt()).isEqualTo(17);
        assertThat(MovieTag.renderIdOf(sent)).contains(render.id());
        assertThat(harness.current(render).movie()).as("the render keeps the caller's movie").isEqualTo(movie);
    }
}
