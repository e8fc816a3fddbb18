package dev.rendergateway.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback port free right now, for a server whose address must be known before it starts. It is taken below the
 * kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}): a port the kernel hands out itself could be given
 * to one of the many client sockets the fan-out opens between the pick and the server's bind.
 */
public record FreePort(int port) {
    private static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** A random port between 10,000 and the ephemeral range that can be bound on every address right now. */
    public static FreePort pick() {
        int below = ephemeralStart();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (bindable(port)) {
                return new FreePort(port);
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + below);
    }

    /** The first port of the ephemeral range in the text of ip_local_port_range ("32768\t60999"), at least 10,001. */
    static int ephemeralStart(String range) {
        return Math.max(LOWEST + 1, Integer.parseInt(range.trim().split("\\s+")[0]));
    }

    private static int ephemeralStart() {
        try {
            // readAllLines, not readString: a sysctl file has size 0, and readString then returns its first byte only
            return ephemeralStart(String.join(" ", Files.readAllLines(EPHEMERAL_RANGE)));
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
