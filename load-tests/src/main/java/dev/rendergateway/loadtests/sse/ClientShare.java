package dev.rendergateway.loadtests.sse;

/**
 * One client process's part of a phase.
 *
 * @param server      which server (gateway index, 0 for a single server) its subscribers connect to
 * @param subscribers how many subscribers it holds
 * @param source      the 127.0.0.x source address its sockets are bound to
 */
public record ClientShare(int server, int subscribers, String source) {
}
