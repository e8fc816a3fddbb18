package dev.rendergateway.server.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1} with its PKCS#8 key, made by
 * {@code openssl} at test time in a temporary directory. Blocks the calling test thread; fails (never skips)
 * the spec when openssl is missing.
 */
public record TestCertificate(Path cert, Path key) {

    /** A fresh certificate and key in {@code dir}, valid for one day. */
    public static TestCertificate generate(Path dir) {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        openssl(List.of("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString()));
        return new TestCertificate(cert, key);
    }

    /** The same key in the traditional PKCS#1 form ({@code BEGIN RSA PRIVATE KEY}), written next to it. */
    public Path pkcs1Key() {
        Path pkcs1 = key.resolveSibling("key-pkcs1.pem");
        openssl(List.of("rsa", "-in", key.toString(), "-traditional", "-out", pkcs1.toString()));
        return pkcs1;
    }

    private static void openssl(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                fail("openssl failed: " + String.join(" ", command) + "\n" + output);
            }
        } catch (IOException e) {
            fail("openssl is missing: install it (it is in .ci/run's PACKAGES): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while running openssl");
        }
    }
}
