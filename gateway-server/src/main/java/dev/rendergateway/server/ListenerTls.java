package dev.rendergateway.server;

import dev.rendergateway.server.config.ConfigException;
import dev.rendergateway.server.config.ConfigVariable;
import dev.rendergateway.server.config.GatewayConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.server.HttpServer;

/**
 * The listener's TLS: plain HTTP, or, with {@code GATEWAY_TLS_CERT} and {@code GATEWAY_TLS_KEY} set, a
 * server context (HTTP/1.1) read from their PEM files at start. An unusable file stops the start with a
 * {@link ConfigException} that names its variable.
 */
final class ListenerTls {

    private static final Logger log = LoggerFactory.getLogger(ListenerTls.class);
    private static final String CERT = ConfigVariable.GATEWAY_TLS_CERT.name();
    private static final String KEY = ConfigVariable.GATEWAY_TLS_KEY.name();

    private final SslContext context;

    private ListenerTls(SslContext context) {
        this.context = context;
    }

    /** Plain HTTP without both variables; otherwise the checked certificate chain and key. */
    static ListenerTls from(GatewayConfig config) {
        if (config.tlsCert().isEmpty() || config.tlsKey().isEmpty()) {
            return new ListenerTls(null);
        }
        Path cert = config.tlsCert().get();
        Path key = config.tlsKey().get();
        X509Certificate leaf = certificates(cert);
        checkKeyFormat(key);
        try {
            SslContext context = SslContextBuilder.forServer(cert.toFile(), key.toFile()).build();
            log.info("TLS on: serving {} (valid until {}) from {}", leaf.getSubjectX500Principal().getName(),
                    leaf.getNotAfter().toInstant(), CERT);
            return new ListenerTls(context);
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException(KEY + "=" + key + " is not a usable private key for " + CERT
                    + ": use an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY) (" + e.getMessage() + ")");
        }
    }

    /** The server, speaking TLS when configured. */
    HttpServer secure(HttpServer server) {
        return context == null ? server : server.secure(spec -> spec.sslContext(context));
    }

    private static X509Certificate certificates(Path cert) {
        Collection<? extends java.security.cert.Certificate> chain;
        try (InputStream in = Files.newInputStream(cert)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new ConfigException(CERT + "=" + cert + " cannot be read: " + reason(e));
        } catch (CertificateException e) {
            throw new ConfigException(CERT + "=" + cert + " is not a PEM certificate chain: " + e.getMessage());
        }
        if (chain.isEmpty() || !(chain.iterator().next() instanceof X509Certificate leaf)) {
            throw new ConfigException(CERT + "=" + cert + " holds no X.509 certificate (BEGIN CERTIFICATE)");
        }
        return leaf;
    }

    private static void checkKeyFormat(Path key) {
        String pem;
        try {
            pem = Files.readString(key, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ConfigException(KEY + "=" + key + " cannot be read: " + reason(e));
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new ConfigException(KEY + "=" + key + " is a PKCS#1/SEC1 key, which the TLS stack cannot read:"
                    + " convert it with 'openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW' (BEGIN PRIVATE KEY)");
        }
        if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new ConfigException(KEY + "=" + key + " is encrypted: use an unencrypted PKCS#8 PEM key"
                    + " ('openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW')");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.toString();
    }
}
