package dev.rendergateway.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The build's version, as the gateway names itself on the wire ({@code User-Agent: render-gateway/<version>}). */
public final class GatewayVersion {

    /** The product token of every request the gateway makes. */
    public static final String PRODUCT = "render-gateway";

    private static final String VERSION = read();

    private GatewayVersion() {
    }

    /** The version of this build, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    /** {@code render-gateway/<version>}: the {@code User-Agent} of every upstream call. */
    public static String userAgent() {
        return PRODUCT + "/" + VERSION;
    }

    private static String read() {
        try (InputStream in = GatewayVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing: the build writes it");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").trim();
            if (version.isEmpty() || version.startsWith("${")) {
                throw new IllegalStateException("version.properties was not filtered by the build: " + version);
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
