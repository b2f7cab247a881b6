package dev.containersec.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.Purl;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs the purl specification's test-suite cases (src/test/resources/purl/test-suite-data.json, with
 * its source noted there) against {@link Purl}: invalid ones must be rejected, valid ones must parse to
 * the expected components and print the canonical form, which prints back unchanged. Every
 * failing case is reported with its id. {@link #KNOWN_DEVIATIONS} lists the cases the api module's
 * Purl does not meet yet (type-specific rules); the test fails if one of them starts passing, so the
 * list is kept honest.
 */
class PurlSpecVectorsTest {

    /** Case id to why Purl (containersec-api, not this module) does not meet it yet. */
    static final Map<Integer, String> KNOWN_DEVIATIONS = Map.of();

    @Test
    void specTestSuite_everyCaseOutsideKnownDeviations_passes() throws IOException {
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/purl/test-suite-data.json")) {
            doc = new ObjectMapper().readTree(in);
        }
        List<String> failures = new ArrayList<>();
        List<Integer> unexpectedlyPassing = new ArrayList<>();
        int checked = 0;
        for (JsonNode c : doc.get("cases")) {
            int id = c.get("id").asInt();
            Optional<String> failure = check(c);
            checked++;
            if (KNOWN_DEVIATIONS.containsKey(id)) {
                if (failure.isEmpty()) {
                    unexpectedlyPassing.add(id);
                }
            } else {
                failure.ifPresent(f -> failures.add("case " + id + " (" + c.get("description").asText() + "): " + f));
            }
        }
        assertThat(checked).isEqualTo(36);
        assertThat(failures).isEmpty();
        assertThat(unexpectedlyPassing).as("cases now passing: remove them from KNOWN_DEVIATIONS").isEmpty();
    }

    private static Optional<String> check(JsonNode c) {
        String input = c.get("purl").asText();
        Purl p;
        try {
            p = Purl.parse(input);
        } catch (IllegalArgumentException e) {
            return c.get("is_invalid").asBoolean() ? Optional.empty() : Optional.of("rejected: " + e.getMessage());
        }
        if (c.get("is_invalid").asBoolean()) {
            return Optional.of("accepted an invalid purl as " + p);
        }
        List<String> wrong = new ArrayList<>();
        compare(wrong, "type", text(c, "type"), Optional.of(p.type()));
        compare(wrong, "namespace", text(c, "namespace"), p.namespace());
        compare(wrong, "name", text(c, "name"), Optional.of(p.name()));
        compare(wrong, "version", text(c, "version"), p.version());
        compare(wrong, "subpath", text(c, "subpath"), p.subpath());
        TreeMap<String, String> q = new TreeMap<>();
        if (c.hasNonNull("qualifiers")) {
            c.get("qualifiers").properties().forEach(e -> q.put(e.getKey(), e.getValue().asText()));
        }
        if (!q.equals(p.qualifiers())) {
            wrong.add("qualifiers " + p.qualifiers() + " != " + q);
        }
        String canonical = c.get("canonical_purl").asText();
        if (!p.toString().equals(canonical)) {
            wrong.add("canonical '" + p + "' != '" + canonical + "'");
        }
        try {
            // As the suite's own harnesses do: the canonical form is a fixed point of parse-then-print.
            if (!Purl.parse(canonical).toString().equals(canonical)) {
                wrong.add("canonical form does not print back unchanged");
            }
        } catch (IllegalArgumentException e) {
            wrong.add("canonical form rejected: " + e.getMessage());
        }
        return wrong.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", wrong));
    }

    private static Optional<String> text(JsonNode c, String field) {
        return c.hasNonNull(field) ? Optional.of(c.get(field).asText()) : Optional.empty();
    }

    private static void compare(List<String> wrong, String field, Optional<String> expected, Optional<String> actual) {
        if (!expected.equals(actual)) {
            wrong.add(field + " " + actual.orElse("(none)") + " != " + expected.orElse("(none)"));
        }
    }
}
