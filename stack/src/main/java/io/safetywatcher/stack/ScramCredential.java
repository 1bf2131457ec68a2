package io.safetywatcher.stack;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A SCRAM-SHA-512 credential as Kafka stores it: salt, iterations and the salted password
 * {@code Hi(password, salt, i)} of RFC 5802 (PBKDF2 with HMAC-SHA-512, one block). Computed
 * here so that {@code kafka-storage format --add-scram} gets the salted form, never the password.
 */
record ScramCredential(String user, byte[] salt, int iterations, byte[] saltedPassword) {
    static final int ITERATIONS = 4096;

    static ScramCredential of(String user, String password) {
        byte[] salt = new byte[32];
        new SecureRandom().nextBytes(salt);
        return new ScramCredential(user, salt, ITERATIONS, hi(password.getBytes(StandardCharsets.UTF_8), salt, ITERATIONS));
    }

    /** {@code SCRAM-SHA-512=[name=...,iterations=...,salt="...",saltedpassword="..."]}. */
    String formatArgument() {
        Base64.Encoder b64 = Base64.getEncoder();
        return "SCRAM-SHA-512=[name=" + user + ",iterations=" + iterations + ",salt=\"" + b64.encodeToString(salt)
                + "\",saltedpassword=\"" + b64.encodeToString(saltedPassword) + "\"]";
    }

    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(password, "HmacSHA512"));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is not available", e);
        }
    }
}
