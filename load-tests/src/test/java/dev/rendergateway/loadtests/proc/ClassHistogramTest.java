package dev.rendergateway.loadtests.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClassHistogramTest {

    private static final String BEFORE = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         38644        3870128  [B (java.base@17.0.15)
               2:         36509         876216  java.lang.String (java.base@17.0.15)
               3:          6622         790496  java.lang.Class (java.base@17.0.15)
            Total        81775        5536840
            """;

    private static final String AFTER = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:        194745       15000000  [B (java.base@17.0.15)
               2:        120012        4800480  io.netty.handler.codec.DefaultHeaders$HeaderEntry
               3:         36509         876216  java.lang.String (java.base@17.0.15)
               4:          6600         780000  java.lang.Class (java.base@17.0.15)
            Total       357866       21456696
            """;

    @Test
    void listsWhatGrewLargestFirstAndLeavesOutWhatDidNot() {
        ClassHistogram before = ClassHistogram.parse(BEFORE);
        ClassHistogram after = ClassHistogram.parse(AFTER);

        assertThat(after.grownSince(before)).containsExactly(
                new ClassHistogram.Row("[B", 156101, 11129872),
                new ClassHistogram.Row("io.netty.handler.codec.DefaultHeaders$HeaderEntry", 120012, 4800480));
    }
}
