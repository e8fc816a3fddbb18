package dev.rendergateway.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** Route templates against request paths, segment by segment. */
class RouteSpecTest {

    private static RouteSpec route(String template) {
        return new RouteSpec(HttpMethod.GET, template, (request, response) -> null);
    }

    @Test
    void matchesLiteralSegmentsExactly() {
        assertThat(route("/v1/renders").matches("/v1/renders")).isTrue();
        assertThat(route("/v1/renders").matches("/v1/render")).isFalse();
        assertThat(route("/v1/renders").matches("/v1/renderss")).isFalse();
        assertThat(route("/v1/renders").matches("/v1/renders/")).isFalse();
        assertThat(route("/v1/renders").matches("/v1")).isFalse();
        assertThat(route("/").matches("/")).isTrue();
        assertThat(route("/").matches("/metrics")).isFalse();
    }

    @Test
    void matchesAVariableSegmentWithAnyNonEmptyValue() {
        RouteSpec events = route("/v1/renders/{id}/events");

        assertThat(events.matches("/v1/renders/r_1/events")).isTrue();
        assertThat(events.matches("/v1/renders//events")).isFalse();
        assertThat(events.matches("/v1/renders/r_1")).isFalse();
        assertThat(events.matches("/v1/renders/r_1/events/more")).isFalse();
        assertThat(route("/v1/renders/{id}").matches("/v1/renders/r_1")).isTrue();
        assertThat(route("/v1/renders/{id}").matches("/v1/renders/")).isFalse();
    }
}
