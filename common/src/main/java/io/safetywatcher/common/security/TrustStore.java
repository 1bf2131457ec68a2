package io.safetywatcher.common.security;

import io.safetywatcher.common.config.ConfigException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

/** A trust store on disk: the CA a client trusts, shared by the Cassandra and Kafka settings. */
public record TrustStore(String path, String type, String password) implements Serializable {

    /** An SSL context that trusts this store's certificates (no client certificate). */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password.isEmpty() ? null : password.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (java.io.IOException e) {
            // A wrong password shows as an IOException whose cause is an UnrecoverableKeyException.
            throw new ConfigException("cannot open the trust store " + path + ": " + e.getMessage(), e);
        } catch (java.security.GeneralSecurityException e) {
            throw new ConfigException("cannot use the trust store " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() { return "TrustStore[" + path + ", " + type + "]"; }
}
