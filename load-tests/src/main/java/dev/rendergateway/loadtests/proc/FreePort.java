package dev.rendergateway.loadtests.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port free right now, for a server whose address must be known before it starts. */
public record FreePort(int port) {

    /** Asks the kernel for a free port on 127.0.0.1. */
    public static FreePort pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new FreePort(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
