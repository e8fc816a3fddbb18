package dev.rendergateway.core.webhooks;

/** A caller's webhook URL the gateway will not call: malformed, unresolvable, or reaching a forbidden address. */
public final class WebhookTargetRefusedException extends RuntimeException {

    private final boolean permanent;

    public WebhookTargetRefusedException(String message, boolean permanent) {
        super(message, null, false, false);
        this.permanent = permanent;
    }

    /** False when a later attempt may succeed (the host did not resolve now). */
    public boolean permanent() {
        return permanent;
    }
}
