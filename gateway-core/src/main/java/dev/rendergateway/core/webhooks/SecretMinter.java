package dev.rendergateway.core.webhooks;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Mints new signing secrets, {@code whsec_} and base64 of 32 random bytes, from one seeded DRBG. */
public final class SecretMinter {

    /** Seeded once here: the default SecureRandom reads /dev/urandom on each call, on whichever event loop. */
    private final SecureRandom random;

    public SecretMinter() {
        try {
            this.random = SecureRandom.getInstance("DRBG");
            this.random.nextInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without a DRBG SecureRandom", e);
        }
    }

    public String mint() {
        byte[] key = new byte[32];
        synchronized (random) {
            random.nextBytes(key);
        }
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
