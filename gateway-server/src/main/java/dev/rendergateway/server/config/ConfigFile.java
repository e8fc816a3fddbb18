package dev.rendergateway.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --config FILE}: lines of {@code VARIABLE=value} with the contract's variable names (an env file:
 * {@code #} comments, blank lines, an optional {@code export} and quotes around the value are allowed; nothing
 * is unescaped). A name the gateway does not read stops the start, naming it and the line. Environment
 * variables win over the file, so one deployment can override a shared file.
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
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("--config " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int equals = line.indexOf('=');
            String name = equals < 0 ? line : line.substring(0, equals).strip();
            if (equals < 0 || !ConfigVariable.isKnown(name)) {
                throw new ConfigException("--config " + file + " line " + (n + 1) + ": " + (equals < 0
                        ? "not VARIABLE=value"
                        : name + " is not a variable of the gateway (see the README's configuration table)"));
            }
            values.put(name, unquote(line.substring(equals + 1).strip()));
        }
        return values;
    }

    private static String unquote(String value) {
        boolean quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }
}
