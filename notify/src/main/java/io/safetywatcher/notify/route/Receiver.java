package io.safetywatcher.notify.route;

import io.safetywatcher.common.retry.Backoff;
import java.net.URI;
import java.time.Duration;

/** Where notifications go: a webhook, or the program's own output. */
public sealed interface Receiver {
    String name();

    /** The body a webhook receives. */
    enum BodyFormat { JSON, CAP }

    /**
     * An HTTP endpoint that gets each notification as a POST.
     *
     * @param secret  the HMAC-SHA256 key for the signature header; empty: not signed
     * @param timeout for connecting and for the whole answer
     */
    record Webhook(String name, URI url, BodyFormat body, String secret, Duration timeout, int maxAttempts, Backoff backoff)
            implements Receiver {
        @Override
        public String toString() { // never the secret
            return "Webhook[" + name + " " + url + " body=" + body + (secret.isEmpty() ? "" : " signed") + "]";
        }
    }

    /** One line per notification on the program's output. */
    record Log(String name) implements Receiver {}
}
