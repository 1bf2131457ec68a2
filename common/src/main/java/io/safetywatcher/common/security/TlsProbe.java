package io.safetywatcher.common.security;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * Tells whether a server answers a TLS handshake, so that a plaintext client that cannot
 * connect can say "this server requires TLS" instead of "is it up?" or a bare time-out. It
 * only looks at the handshake: no data is sent, so the certificate is not judged here.
 */
public final class TlsProbe {
    private TlsProbe() {}

    public static boolean speaksTls(String host, int port, Duration timeout) {
        SSLContext ctx;
        try {
            ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new AcceptAny()}, null);
        } catch (GeneralSecurityException e) {
            return false;
        }
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, false)) {
                tls.startHandshake();
                return true;
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** "host:port" or the first of a "host:port,host:port" list. */
    public static boolean speaksTls(String hostPortList, Duration timeout) {
        String first = hostPortList.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        try {
            return speaksTls(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)), timeout);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Accepts any certificate: the probe only asks whether TLS is spoken, and sends nothing. */
    private static final class AcceptAny implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
