package io.safetywatcher.common.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe that lets a plaintext client say "this server requires TLS". */
class TlsProbeTest {

    @Test
    void aTlsListenerIsRecognised(@TempDir Path tmp) throws Exception {
        Path store = tmp.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "1",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().read();
                } catch (Exception ignored) {
                    // the probe hangs up after its handshake
                }
            });
            accept.start();
            assertThat(TlsProbe.speaksTls("127.0.0.1:" + server.getLocalPort(), Duration.ofSeconds(5))).isTrue();
            accept.join(5000);
        }
    }

    @Test
    void aPlaintextListenerIsNot() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes());
                } catch (Exception ignored) {
                    // nothing to do: the probe only reads the answer
                }
            });
            accept.start();
            assertThat(TlsProbe.speaksTls("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(5))).isFalse();
            accept.join(5000);
        }
    }

    @Test
    void nobodyListeningIsNotTls() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(TlsProbe.speaksTls("127.0.0.1", port, Duration.ofSeconds(2))).isFalse();
        assertThat(TlsProbe.speaksTls("no-port-here", Duration.ofSeconds(2))).isFalse();
    }
}
