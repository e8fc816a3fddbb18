package dev.rendergateway.core.render;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Mints render ids: {@code r_} followed by 22 unguessable URL-safe characters. */
public final class RenderIds {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int LENGTH = 22;
    /** The largest multiple of the alphabet's size that a byte can hold: bytes below it map uniformly. */
    private static final int USABLE = 256 / 62 * 62;
    /** Enough random bytes for one id in all but about one draw in a million. */
    private static final int BYTES_PER_DRAW = 32;

    private final SecureRandom random = seededDrbg();

    /**
     * A DRBG seeded here, once: the platform default (NativePRNG) reads /dev/urandom on every call,
     * which is blocking I/O on whatever event loop asks for an id.
     */
    private static SecureRandom seededDrbg() {
        try {
            SecureRandom drbg = SecureRandom.getInstance("DRBG");
            drbg.nextInt();
            return drbg;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without a DRBG SecureRandom", e);
        }
    }

    /**
     * A new id; never reused, not derived from anything a caller could guess. One DRBG call per id (asking for
     * each character apart made 22, and was 18 % of what a submission allocated): each random byte below
     * {@link #USABLE} picks a character, uniformly; the rare others are skipped.
     */
    public String next() {
        char[] chars = new char[LENGTH];
        int filled = 0;
        byte[] bytes = new byte[BYTES_PER_DRAW];
        while (filled < LENGTH) {
            random.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < LENGTH; i++) {
                int value = bytes[i] & 0xff;
                if (value < USABLE) {
                    chars[filled++] = ALPHABET[value % ALPHABET.length];
                }
            }
        }
        return "r_" + new String(chars);
    }
}
