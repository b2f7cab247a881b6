package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated inputs for the VEX and ignore-file parsers: a result or an {@link InvalidInputException}, nothing else. */
class SuppressionInputProperties {

    @Property(tries = 300)
    void vex_anyText_returnsOrThrowsOnlyInvalidInput(@ForAll("vexish") String text) {
        try {
            Suppressions s = Suppressions.builder().addVex(text.getBytes(StandardCharsets.UTF_8), "gen").build();
            assertThat(s.statements()).allSatisfy(st -> assertThat(st.ids()).isNotEmpty());
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).isNotEmpty();
        }
    }

    @Property(tries = 300)
    void ignore_anyText_returnsOrThrowsOnlyInvalidInput(@ForAll("yamlish") String text) {
        try {
            Suppressions s = Suppressions.builder().addIgnoreFile(text.getBytes(StandardCharsets.UTF_8), "gen").build();
            assertThat(s.ignoreRules()).allSatisfy(r -> assertThat(r.id()).isNotEmpty());
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<String> vexish() {
        Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"statements\"", "\"vulnerability\"",
                "\"name\"", "\"CVE-1\"", "\"@id\"", "\"aliases\"", "\"products\"", "\"pkg:npm/a@1\"", "\"subcomponents\"",
                "\"status\"", "\"not_affected\"", "\"fixed\"", "\"justification\"", "\"x\"", "\"bomFormat\"",
                "\"CycloneDX\"", "\"components\"", "\"bom-ref\"", "\"purl\"", "\"vulnerabilities\"", "\"id\"",
                "\"analysis\"", "\"state\"", "\"affects\"", "\"ref\"", "\"references\"", "1", "null", "\"pkg:\"");
        return Arbitraries.oneOf(fragments.list().ofMaxSize(50).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> yamlish() {
        Arbitrary<String> fragments = Arbitraries.of("ignore:", "\n", "  ", "- ", "id: ", "package: ", "path: ",
                "reason: ", "expires: ", "2026-01-01", "CVE-1", "\"", "'", "#", "\\", "x", ":", "---", "\t", "&a", "[]");
        return Arbitraries.oneOf(fragments.list().ofMaxSize(40).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(60));
    }
}
