package io.notiledger.access.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes key secrets and ids, and hashes secrets. A secret is 256 random bits, so a plain SHA-256 is as hard to
 * reverse as the secret is to guess; a slow password hash would only cost every request its CPU.
 */
public final class ApiKeySecrets {

    /** What every secret starts with, so that a leaked one is recognisable (e.g. by secret scanners). */
    public static final String SECRET_PREFIX = "nl_";
    static final String ID_PREFIX = "key_";
    private static final int SECRET_BYTES = 32;
    private static final int ID_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ApiKeySecrets() {
    }

    public static String newSecret() {
        return SECRET_PREFIX + random(SECRET_BYTES);
    }

    public static String newId() {
        return ID_PREFIX + random(ID_BYTES);
    }

    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    /** Compares in time independent of where the two differ. */
    public static boolean matches(String secret, byte[] storedHash) {
        return MessageDigest.isEqual(hash(secret), storedHash);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return BASE64URL.encodeToString(value);
    }
}
