package dev.rendergateway.core.events;

import dev.rendergateway.core.render.Render;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/** Which renders a feed follows: every render of a tenant (also those created later), or some of them. */
public record Selection(String tenant, Set<String> renderIds) {

    public Selection {
        Objects.requireNonNull(tenant, "tenant");
        renderIds = Set.copyOf(renderIds);
    }

    /** Every render of the tenant, including renders created after the feed opened. */
    public static Selection allOf(String tenant) {
        return new Selection(tenant, Set.of());
    }

    /** Only these renders of the tenant; at least one. */
    public static Selection of(String tenant, Collection<String> renderIds) {
        if (renderIds.isEmpty()) {
            throw new IllegalArgumentException("a selection of renders names at least one");
        }
        return new Selection(tenant, Set.copyOf(renderIds));
    }

    /** Whether this follows every render of the tenant. */
    public boolean isTenantWide() {
        return renderIds.isEmpty();
    }

    /** Whether the render belongs to this selection. */
    public boolean matches(Render render) {
        return render.tenant().equals(tenant) && (isTenantWide() || renderIds.contains(render.id()));
    }
}
