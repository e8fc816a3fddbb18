package dev.rendergateway.core.render;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Mints render ids: {@code r_} followed by 22 unguessable URL-safe characters. */
public final class RenderIds {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int LENGTH = 22;

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

    /** A new id; never reused, not derived from anything a caller could guess. */
    public String next() {
        char[] chars = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return "r_" + new String(chars);
    }
}
