package dev.rendergateway.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads {@code --config FILE}: lines of {@code VARIABLE=value} with the contract's variable names.
 * Environment variables win over the file, so one deployment can override a shared file.
 */
public final class ConfigFile {

    private ConfigFile() {
    }

    /** The variables in effect: the file's (if {@code --config FILE} is among {@code args}) overlaid by {@code env}. */
    public static Map<String, String> variables(String[] args, Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i])) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("--config needs a file: --config FILE");
                }
                merged.putAll(read(Path.of(args[i + 1])));
            } else if (args[i].startsWith("--config=")) {
                merged.putAll(read(Path.of(args[i].substring("--config=".length()))));
            }
        }
        merged.putAll(env);
        return merged;
    }

    private static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("--config " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        properties.forEach((k, v) -> values.put(k.toString().trim(), v.toString().trim()));
        return values;
    }
}
