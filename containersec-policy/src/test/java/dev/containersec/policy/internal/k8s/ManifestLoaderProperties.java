package dev.containersec.policy.internal.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.policy.PodSecurity;
import dev.containersec.policy.PssLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever bytes arrive, the loader returns documents or throws InvalidInputException, nothing else. */
class ManifestLoaderProperties {

    private static final ScanLimits LIMITS = ScanLimits.builder().maxDocumentBytes(4096).maxJsonDepth(16).build();
    private final ManifestLoader loader = new ManifestLoader(LIMITS);

    @Property(tries = 400)
    void load_arbitraryBytes_givesDocumentsOrInvalidInput(@ForAll byte[] bytes) {
        assertOnlyDocumentedOutcomes(bytes);
    }

    @Property(tries = 600)
    void load_yamlShapedText_givesDocumentsOrInvalidInput(@ForAll("yamlish") String text) {
        assertOnlyDocumentedOutcomes(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void evaluate_yamlShapedPods_givesReportOrInvalidInput(@ForAll("podish") String text) {
        try {
            PodSecurity.level(PssLevel.RESTRICTED).limits(LIMITS)
                    .evaluate(text.getBytes(StandardCharsets.UTF_8), "fuzz.yaml");
        } catch (InvalidInputException expected) {
            assertThat(expected.subject()).isNotNull();
        }
    }

    private void assertOnlyDocumentedOutcomes(byte[] bytes) {
        try {
            List<ManifestDocument> docs = loader.load(bytes, "fuzz");
            assertThat(docs).allSatisfy(d -> assertThat(d.content().isObject()).isTrue());
        } catch (InvalidInputException expected) {
            // LimitExceededException is a subclass: both are documented outcomes
            assertThat(expected.getMessage()).startsWith("fuzz");
        }
    }

    @Provide
    Arbitrary<String> yamlish() {
        return Arbitraries.of("kind: Pod\n", "---\n", "a: ", "- ", "  ", "{", "}", "[", "]", ",", ":", "&x ", "*x ",
                        "&y [", "*y", "'q'", "\"s\"", "\n", "true", "null", "12", "- *x\n", "<<: ", "? ", "|\n  ",
                        "!!binary ", "!!str ", "%YAML 1.1\n", "...\n", "#c\n", "\t", "key", "spec:\n  ", "\\u0000")
                .list().ofMaxSize(60).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> podish() {
        Arbitrary<String> value = Arbitraries.of("true", "false", "0", "1000", "\"x\"", "[]", "{}", "null",
                "[ALL]", "Unmasked", "RuntimeDefault", "windows", "{type: Unconfined}", "[{name: a}]", "*a", "&a {}");
        Arbitrary<String> key = Arbitraries.of("hostNetwork", "hostUsers", "securityContext", "containers",
                "initContainers", "ephemeralContainers", "volumes", "os", "name", "privileged", "capabilities",
                "runAsUser", "runAsNonRoot", "seccompProfile", "procMount", "ports", "hostPort", "sysctls",
                "annotations", "livenessProbe", "httpGet", "host", "drop", "add", "type", "template", "spec");
        Arbitrary<String> line = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 4), key, value)
                .as((indent, k, v) -> "  ".repeat(indent) + k + ": " + v + "\n");
        Arbitrary<String> head = Arbitraries.of("kind: Pod\n", "kind: Deployment\n", "kind: CronJob\n");
        return net.jqwik.api.Combinators.combine(head, line.list().ofMaxSize(25))
                .as((h, lines) -> h + "spec:\n" + String.join("", lines));
    }
}
