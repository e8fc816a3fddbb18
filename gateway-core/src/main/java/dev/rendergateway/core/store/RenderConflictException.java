package dev.rendergateway.core.store;

/** A write lost a race: the stored render was changed (or created) by someone else first. */
public final class RenderConflictException extends RuntimeException {

    public RenderConflictException(String renderId) {
        super("render " + renderId + " was changed concurrently", null, false, false);
    }
}
