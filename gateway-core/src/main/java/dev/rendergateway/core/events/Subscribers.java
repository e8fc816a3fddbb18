package dev.rendergateway.core.events;

import dev.rendergateway.core.render.Render;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Who receives which events: mailboxes by tenant (tenant-wide feeds) and by render id. Changed only under
 * the owner's lock; {@link #isWatched} reads without it.
 */
public final class Subscribers {

    private final ConcurrentMap<String, Set<Mailbox>> byTenant = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<Mailbox>> byRender = new ConcurrentHashMap<>();
    private final ConcurrentMap<Mailbox, Selection> selections = new ConcurrentHashMap<>();

    public void add(Mailbox mailbox, Selection selection) {
        selections.put(mailbox, selection);
        if (selection.isTenantWide()) {
            byTenant.computeIfAbsent(selection.tenant(), t -> new HashSet<>()).add(mailbox);
        } else {
            selection.renderIds().forEach(id -> byRender.computeIfAbsent(id, r -> new HashSet<>()).add(mailbox));
        }
    }

    public void remove(Mailbox mailbox) {
        Selection selection = selections.remove(mailbox);
        if (selection == null) {
            return;
        }
        if (selection.isTenantWide()) {
            detach(byTenant, selection.tenant(), mailbox);
        } else {
            selection.renderIds().forEach(id -> detach(byRender, id, mailbox));
        }
    }

    /** The mailboxes that receive this render's change, each once. */
    List<Mailbox> of(Render render) {
        Set<Mailbox> tenantWide = byTenant.get(render.tenant());
        Set<Mailbox> direct = byRender.get(render.id());
        List<Mailbox> targets = new ArrayList<>();
        if (tenantWide != null) {
            targets.addAll(tenantWide);
        }
        if (direct != null) {
            // Render ids are unique across tenants, and ownership is checked before anyone follows one.
            targets.addAll(direct);
        }
        return targets;
    }

    boolean isWatched(String tenant, String renderId) {
        return byTenant.containsKey(tenant) || byRender.containsKey(renderId);
    }

    int subscribedKeys() {
        return byTenant.size() + byRender.size();
    }

    /** How many feeds are subscribed now; a moment's figure, read without the owner's lock. */
    int count() {
        return selections.size();
    }

    /** How many events wait in the mailboxes now, all subscribers together; read without the owner's lock. */
    long pendingEvents() {
        return selections.keySet().stream().mapToLong(Mailbox::pendingCount).sum();
    }

    public List<Mailbox> all() {
        return List.copyOf(selections.keySet());
    }

    private static void detach(ConcurrentMap<String, Set<Mailbox>> index, String key, Mailbox mailbox) {
        index.computeIfPresent(key, (k, set) -> set.remove(mailbox) && set.isEmpty() ? null : set);
    }
}
