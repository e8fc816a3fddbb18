package dev.rendergateway.loadtests.sse;

import java.util.ArrayList;
import java.util.List;

/**
 * How a phase's subscribers are spread: evenly over the servers, and each server's share evenly over as few client
 * processes as hold at most {@code perClient} subscribers each, every client on its own source address 127.0.0.2,
 * 127.0.0.3, … (so no address runs short of ephemeral ports).
 */
public final class FanoutLayout {
    private static final int FIRST_HOST = 2;
    private static final int LAST_HOST = 254;

    private FanoutLayout() {
    }

    /** The client shares of {@code subscribers} over {@code servers} servers, at most {@code perClient} each. */
    public static List<ClientShare> split(int subscribers, int servers, int perClient) {
        if (subscribers < 1 || servers < 1 || perClient < 1) {
            throw new IllegalArgumentException("need at least one subscriber, server and subscriber per client");
        }
        List<ClientShare> shares = new ArrayList<>();
        for (int server = 0; server < servers; server++) {
            int serverShare = evenPart(subscribers, servers, server);
            int clients = (serverShare + perClient - 1) / perClient;
            for (int client = 0; client < clients; client++) {
                int host = FIRST_HOST + shares.size();
                if (host > LAST_HOST) {
                    throw new IllegalArgumentException("more client processes than 127.0.0.x source addresses");
                }
                shares.add(new ClientShare(server, evenPart(serverShare, clients, client), "127.0.0." + host));
            }
        }
        return shares;
    }

    /** Part {@code index} of {@code total} split into {@code parts} parts differing by at most one. */
    static int evenPart(int total, int parts, int index) {
        return total / parts + (index < total % parts ? 1 : 0);
    }
}
