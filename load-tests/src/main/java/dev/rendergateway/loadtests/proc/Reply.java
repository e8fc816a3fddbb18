package dev.rendergateway.loadtests.proc;

/** An HTTP answer read whole: its status and body. */
public record Reply(int status, String body) {
}
