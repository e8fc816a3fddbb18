package dev.rendergateway.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table names every variable of {@link ConfigVariable} exactly once, and no other. */
class ConfigurationTableTest {

    private static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

    @Test
    void theReadmeTableListsEveryVariableOnceAndNothingElse() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("\n## Configuration");
        int end = readme.indexOf("\n## ", start + 1);
        List<String> named = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (line.startsWith("| `")) {
                Matcher names = NAME.matcher(line.split("\\|")[1]);
                while (names.find()) {
                    named.add(names.group(1));
                }
            }
        }

        assertThat(named).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ConfigVariable.values()).map(Enum::name).toList());
    }
}
