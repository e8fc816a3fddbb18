package dev.rendergateway.core.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The addresses a caller's webhook must not reach from the gateway: loopback, private and unique-local,
 * link-local (with cloud metadata at 169.254.169.254 and fd00:ec2::254), carrier-grade NAT, unspecified,
 * multicast, broadcast and reserved ranges, and IPv6 forms that embed such an IPv4 address.
 */
final class ForbiddenAddresses {

    private record Range(byte[] network, int prefix, String kind) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            return rest == 0 || ((address[full] ^ network[full]) & (0xFF << (8 - rest)) & 0xFF) == 0;
        }
    }

    private static final List<Range> RANGES = List.of(
            range("0.0.0.0", 8, "an unspecified"),
            range("10.0.0.0", 8, "a private"),
            range("100.64.0.0", 10, "a carrier-grade NAT"),
            range("127.0.0.0", 8, "a loopback"),
            range("169.254.0.0", 16, "a link-local (cloud metadata)"),
            range("172.16.0.0", 12, "a private"),
            range("192.0.0.0", 24, "a reserved"),
            range("192.168.0.0", 16, "a private"),
            range("198.18.0.0", 15, "a reserved"),
            range("224.0.0.0", 4, "a multicast"),
            range("240.0.0.0", 4, "a reserved"),
            range("::", 128, "an unspecified"),
            range("::1", 128, "a loopback"),
            range("fc00::", 7, "a unique-local (private)"),
            range("fe80::", 10, "a link-local"),
            range("fec0::", 10, "a site-local (private)"),
            range("ff00::", 8, "a multicast"));

    private ForbiddenAddresses() {
    }

    /** What kind of forbidden address this is, e.g. "a loopback"; empty for an address on the public internet. */
    static Optional<String> kindOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range range : RANGES) {
            if (range.contains(bytes)) {
                return Optional.of(range.kind());
            }
        }
        if (address instanceof Inet6Address) {
            return embeddedIpv4(bytes).flatMap(ForbiddenAddresses::kindOf);
        }
        return Optional.empty();
    }

    /** The IPv4 address inside an IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static Optional<InetAddress> embeddedIpv4(byte[] v6) {
        boolean compatible = allZero(v6, 0, 12);
        boolean nat64 = v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == (byte) 0xff && v6[3] == (byte) 0x9b
                && allZero(v6, 4, 12);
        if (compatible || nat64) {
            return Optional.of(v4(v6[12], v6[13], v6[14], v6[15]));
        }
        if (v6[0] == 0x20 && v6[1] == 0x02) {
            return Optional.of(v4(v6[2], v6[3], v6[4], v6[5]));
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte a, byte b, byte c, byte d) {
        try {
            return Inet4Address.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Range range(String literal, int prefix, String kind) {
        try {
            // Literals only: parsed, never looked up.
            return new Range(InetAddress.getByName(literal).getAddress(), prefix, kind);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
