package dev.rendergateway.server.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rendergateway.core.testing.Movies;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Request bodies a careless or hostile client might send, drawn from a seeded generator so that a failing
 * case is reproduced by its seed: random text, JSON-like noise, deep nesting, near-miss render requests,
 * oversized strings and a list of known troublemakers.
 */
public final class HostileInputs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSONISH = "{}[]\":,0123456789.eE-+truefalsn \\u";
    private static final List<String> KNOWN = List.of("", "null", "[]", "{}", "1e999999", "{\"movie\":null}",
            "{\"movie\":[]}", "{\"movie\":{\"scenes\":[]}}",
            "{\"movie\":{\"scenes\":[{}]},\"webhook\":\"http://169.254.169.254/\"}",
            "{\"movie\":{\"scenes\":[{}]},\"metadata\":\"x\"}", "{\"movie\":{\"scenes\":[{}]}}{}",
            "{\"movie\":{\"scenes\":[{}]},\"webhook\":\"javascript:alert(1)\"}",
            "{\"a\":" + "9".repeat(5000) + "}");
    private static final List<String> KEYS = List.of("movie", "metadata", "webhook", "scenes", "tenant", "id", "status");
    private static final List<String> VALUES = List.of("null", "true", "[]", "{}", "[{}]",
            "{\"scenes\":[{\"elements\":[]}]}", "{\"scenes\":\"x\"}");

    private HostileInputs() {
    }

    /** One request body. */
    public static String body(SplittableRandom random) {
        return switch (random.nextInt(7)) {
            case 0 -> text(random, 300, ' ', '~');
            case 1 -> text(random, 200, (char) 0, (char) 0xFFFF);
            case 2 -> chars(random, 200, JSONISH);
            case 3 -> nested(random);
            case 4 -> renderLike(random);
            case 5 -> "{\"movie\":{\"scenes\":[{\"x\":\"" + "a".repeat(1 + random.nextInt(70_000)) + "\"}]}}";
            default -> KNOWN.get(random.nextInt(KNOWN.size()));
        };
    }

    /** Up to 8 NDJSON lines, some of them valid render requests. */
    public static List<String> batch(SplittableRandom random) {
        int size = random.nextInt(9);
        List<String> lines = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String line = random.nextInt(3) == 0 ? Bodies.render(Movies.hello()) : body(random);
            lines.add(line.replace("\n", " "));
        }
        return lines;
    }

    private static String text(SplittableRandom random, int maxLength, char from, char to) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            text.append((char) (from + random.nextInt(to - from + 1)));
        }
        return text.toString();
    }

    private static String chars(SplittableRandom random, int maxLength, String alphabet) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String nested(SplittableRandom random) {
        int depth = 1 + random.nextInt(3000);
        boolean arrays = random.nextBoolean();
        return (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
    }

    private static String renderLike(SplittableRandom random) {
        StringBuilder json = new StringBuilder("{");
        for (int i = random.nextInt(5); i > 0; i--) {
            json.append(json.length() > 1 ? "," : "")
                    .append('"').append(KEYS.get(random.nextInt(KEYS.size()))).append("\":")
                    .append(value(random));
        }
        return json.append('}').toString();
    }

    private static String value(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> new TextNode(text(random, 20, ' ', '~')).toString();
            case 1 -> Integer.toString(random.nextInt());
            default -> VALUES.get(random.nextInt(VALUES.size()));
        };
    }
}
