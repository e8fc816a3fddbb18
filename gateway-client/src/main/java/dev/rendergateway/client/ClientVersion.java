package dev.rendergateway.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This client's version, from its build ({@code version.properties}); {@code dev} when run from sources. */
final class ClientVersion {

    private ClientVersion() {
    }

    static String current() {
        try (InputStream in = ClientVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "dev");
            return version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            return "dev";
        }
    }
}
