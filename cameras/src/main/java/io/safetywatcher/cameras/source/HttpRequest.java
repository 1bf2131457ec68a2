package io.safetywatcher.cameras.source;

import io.safetywatcher.cameras.Credentials;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * A GET to a camera: timeouts, HTTP Basic credentials when it has some, and a refusal naming the
 * status when the camera does not answer 200 (a 401 says the credentials are wrong or missing).
 *
 * @param readTimeout how long a read may block: the stall timeout
 */
public record HttpRequest(URI url, Credentials credentials, Duration connectTimeout, Duration readTimeout) {

    HttpURLConnection open() throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
        c.setConnectTimeout((int) connectTimeout.toMillis());
        c.setReadTimeout((int) readTimeout.toMillis());
        c.setUseCaches(false);
        if (credentials != null) {
            c.setRequestProperty("Authorization", credentials.basicAuthorization());
        }
        int status = c.getResponseCode();
        if (status != 200) {
            c.disconnect();
            throw new IOException("the camera answered HTTP " + status + (status == 401 || status == 403 ? " (credentials refused or missing)" : ""));
        }
        return c;
    }
}
