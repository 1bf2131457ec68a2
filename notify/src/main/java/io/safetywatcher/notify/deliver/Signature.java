package io.safetywatcher.notify.deliver;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The webhook signature: HMAC-SHA256 of the exact body bytes with the receiver's shared secret,
 * sent as {@value #HEADER}: {@code sha256=<hex>} (GitHub's convention). A receiver recomputes it
 * over the bytes it got and compares in constant time.
 */
public final class Signature {
    public static final String HEADER = "X-Watcher-Signature";

    private Signature() {}

    public static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code header} is the signature of {@code body} under {@code secret}, compared in constant time. */
    public static boolean verify(String secret, byte[] body, String header) {
        return header != null && java.security.MessageDigest.isEqual(
                of(secret, body).getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    }
}
