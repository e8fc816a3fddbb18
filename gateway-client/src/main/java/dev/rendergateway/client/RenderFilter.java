package dev.rendergateway.client;

import java.util.Optional;

/** Which renders {@link RenderGatewayClient#list} returns (all, or one status) and how many it asks per page. */
public record RenderFilter(RenderStatus status, int pageSize) {

    /** The gateway's largest page. */
    public static final int MAX_PAGE = 100;

    public RenderFilter {
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw new IllegalArgumentException("pageSize must be from 1 to " + MAX_PAGE + ": " + pageSize);
        }
        if (status == RenderStatus.UNKNOWN) {
            throw new IllegalArgumentException("cannot filter by an unknown status");
        }
    }

    /** Every render of the tenant, newest first. */
    public static RenderFilter all() {
        return new RenderFilter(null, MAX_PAGE);
    }

    /** Only the renders in this status. */
    public static RenderFilter withStatus(RenderStatus status) {
        return new RenderFilter(status, MAX_PAGE);
    }

    /** The same filter, asking for pages of this size. */
    public RenderFilter pageSize(int size) {
        return new RenderFilter(status, size);
    }

    /** The status filtered on, if any. */
    public Optional<RenderStatus> statusIfAny() {
        return Optional.ofNullable(status);
    }
}
