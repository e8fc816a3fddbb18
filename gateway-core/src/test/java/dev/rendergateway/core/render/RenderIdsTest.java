package dev.rendergateway.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Render ids: their shape, no repeats, and every character equally likely (no modulo bias). */
class RenderIdsTest {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final RenderIds ids = new RenderIds();

    @Test
    void areR_FollowedBy22UrlSafeCharactersAndNeverRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = ids.next();
            assertThat(id).matches("r_[0-9A-Za-z]{22}");
            assertThat(seen.add(id)).as("repeated %s", id).isTrue();
        }
    }

    @Test
    void useEveryCharacterEquallyOften() {
        long[] counts = new long[ALPHABET.length()];
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            String id = ids.next();
            for (int c = 2; c < id.length(); c++) {
                counts[ALPHABET.indexOf(id.charAt(c))]++;
            }
        }
        double expected = n * 22.0 / ALPHABET.length();
        // 3 % is more than 5 standard deviations here; a plain byte % 62 would favour 8 characters by 25 %.
        for (int i = 0; i < counts.length; i++) {
            assertThat(counts[i]).as("'%s'", ALPHABET.charAt(i))
                    .isBetween((long) (expected * 0.97), (long) (expected * 1.03));
        }
    }
}
