package dev.rendergateway.server.http;

import dev.rendergateway.core.render.RenderRequest;
import dev.rendergateway.core.webhooks.WebhookTargetRefusedException;
import dev.rendergateway.core.webhooks.WebhookTargets;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Refuses, at submission, a render whose {@code webhook} the gateway would not call (the SSRF guard of
 * {@link WebhookTargets}): 422 naming the {@code webhook} field. The host is resolved off the event loop.
 */
public final class WebhookVetting {

    private final WebhookTargets targets;

    public WebhookVetting(WebhookTargets targets) {
        this.targets = targets;
    }

    /** The request, once its webhook (if any) is vetted; a 422 {@link ProblemException} otherwise. */
    public Mono<RenderRequest> vet(RenderRequest request) {
        if (request.webhook() == null) {
            return Mono.just(request);
        }
        return targets.vet(request.webhook())
                .thenReturn(request)
                .onErrorMap(WebhookTargetRefusedException.class, refused -> new ProblemException(Problem.invalid(
                        List.of(new Problem.FieldError("webhook", refused.getMessage() + " (the gateway does not "
                                + "call loopback, private, link-local or metadata addresses)")))));
    }
}
