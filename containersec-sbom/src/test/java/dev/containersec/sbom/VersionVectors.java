package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs tables of {@code a OP b} lines (OP one of {@code <}, {@code =}, {@code >}); '#' starts a comment.
 * Each line becomes a dynamic test named after the line, checking both directions and, for '=',
 * equals/hashCode.
 */
final class VersionVectors {
    private VersionVectors() {
    }

    static Stream<DynamicTest> run(VersionScheme scheme, String table) {
        List<DynamicTest> tests = new ArrayList<>();
        int lineNo = 0;
        for (String raw : table.split("\n")) {
            lineNo++;
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 3) {
                throw new IllegalArgumentException("bad vector line " + lineNo + ": " + raw);
            }
            String a = f[0];
            String op = f[1];
            String b = f[2];
            int expected = switch (op) {
                case "<" -> -1;
                case "=" -> 0;
                case ">" -> 1;
                default -> throw new IllegalArgumentException("bad operator in line " + lineNo + ": " + raw);
            };
            String name = scheme + " #" + lineNo + ": " + a + " " + op + " " + b;
            tests.add(DynamicTest.dynamicTest(name, () -> {
                assertThat(scheme.compare(a, b)).as(name).isEqualTo(expected);
                assertThat(scheme.compare(b, a)).as(name + " (reversed)").isEqualTo(-expected);
                Version va = scheme.parse(a);
                Version vb = scheme.parse(b);
                assertThat(va.equals(vb)).as(name + " (equals)").isEqualTo(expected == 0);
                if (expected == 0) {
                    assertThat(va.hashCode()).as(name + " (hashCode)").isEqualTo(vb.hashCode());
                }
            }));
        }
        return tests.stream();
    }
}
