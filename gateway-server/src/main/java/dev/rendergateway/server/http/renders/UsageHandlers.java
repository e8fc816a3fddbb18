package dev.rendergateway.server.http.renders;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rendergateway.core.quota.CreditQuota;
import dev.rendergateway.server.http.Authenticator;
import dev.rendergateway.server.http.Replies;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** {@code GET /v1/usage}: the calling tenant's upstream credits and renders this UTC day, with its daily limit. */
public final class UsageHandlers {

    private final CreditQuota quota;
    private final Authenticator authenticator;
    private final Replies replies;
    private final ObjectMapper mapper;

    public UsageHandlers(CreditQuota quota, Authenticator authenticator, Replies replies, ObjectMapper mapper) {
        this.quota = quota;
        this.authenticator = authenticator;
        this.replies = replies;
        this.mapper = mapper;
    }

    /** {@code {"tenant", "period": "YYYY-MM-DD", "creditsConsumed", "creditsLimit": n|null, "renders": {…}}}. */
    public Mono<Void> usage(HttpServerRequest request, HttpServerResponse response) {
        String tenant = authenticator.tenantOf(request);
        return quota.usage(tenant).flatMap(report -> {
            ObjectNode body = mapper.createObjectNode()
                    .put("tenant", report.tenant())
                    .put("period", report.period().toString())
                    .put("creditsConsumed", report.usage().credits())
                    .put("creditsLimit", report.limit());
            ObjectNode renders = body.putObject("renders");
            report.usage().renders().forEach(renders::put);
            return replies.json(response, 200, body);
        });
    }
}
