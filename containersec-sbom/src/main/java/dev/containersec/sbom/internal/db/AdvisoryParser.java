package dev.containersec.sbom.internal.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import dev.containersec.api.Severity;
import dev.containersec.sbom.OsvAffected;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the parts of an OSV record the vulnerability database stores, within {@link ScanLimits}. */
public final class AdvisoryParser {
    private final ObjectMapper mapper;
    private final ScanLimits limits;

    /**
     * Creates a parser.
     *
     * @param limits document size and nesting bounds
     */
    public AdvisoryParser(ScanLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxJsonDepth()).build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    /**
     * Parses one advisory.
     *
     * @param json the OSV JSON text
     * @param where where it came from, for messages
     * @return the advisory
     * @throws InvalidInputException when it is not a usable OSV record
     */
    public ParsedAdvisory parse(String json, String where) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new LimitExceededException(where, ScanLimits.Limit.JSON_DEPTH, limits.maxJsonDepth(),
                    limits.maxJsonDepth() + 1L);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(where, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(where, "not a JSON object");
        }
        String id = text(root, "id", where);
        if (id.isEmpty()) {
            throw new InvalidInputException(where, "an OSV record needs an 'id'");
        }
        // Validates the affected entries with the same reader the matcher uses, so what is stored reads back.
        List<OsvAffected> validated = OsvAffected.fromAdvisoryJson(json, limits);
        Set<String> aliases = new LinkedHashSet<>();
        JsonNode aliasNode = root.path("aliases");
        if (aliasNode.isArray()) {
            for (JsonNode a : aliasNode) {
                if (a.isTextual() && !a.asText().isEmpty() && !a.asText().equals(id)) {
                    aliases.add(a.asText());
                }
            }
        }
        boolean withdrawn = root.hasNonNull("withdrawn");
        String summary = text(root, "summary", where);
        String modified = text(root, "modified", where);
        String published = instant(root.path("published")).map(java.time.Instant::toString).orElse("");
        Optional<String[]> severity = severity(root, summary);
        List<ParsedAdvisory.Row> rows = new ArrayList<>();
        for (OsvAffected a : validated) {
            String[] eco = Names.splitEcosystem(a.ecosystem());
            if (eco[0].isEmpty() || a.name().isEmpty()) {
                continue;
            }
            rows.add(new ParsedAdvisory.Row(eco[0], eco[1], Names.key(eco[0], a.name()), EntryCodec.encode(a)));
        }
        return new ParsedAdvisory(id, List.copyOf(aliases), summary,
                severity.map(s -> Severity.valueOf(s[0])).orElse(Severity.UNKNOWN),
                severity.map(s -> s[1]).orElse(""), modified, published, withdrawn, rows);
    }

    /** Returns {band, source}: the advisory's own label first, then per-package labels, CVSS, the summary. */
    private static Optional<String[]> severity(JsonNode root, String summary) {
        Optional<Severity> s = label(root.path("database_specific").path("severity"));
        if (s.isPresent()) {
            return Optional.of(new String[] {s.get().name(), "database_specific.severity"});
        }
        Severity best = null;
        String source = "";
        for (JsonNode entry : root.path("affected")) {
            for (String field : new String[] {"ecosystem_specific", "database_specific"}) {
                Optional<Severity> e = label(entry.path(field).path("severity"));
                if (e.isPresent() && (best == null || e.get().isAtLeast(best))) {
                    best = e.get();
                    source = "affected[]." + field + ".severity";
                }
            }
        }
        if (best != null) {
            return Optional.of(new String[] {best.name(), source});
        }
        for (JsonNode sev : root.path("severity")) {
            String type = sev.path("type").asText("");
            String vector = sev.path("score").asText("");
            if (type.equals("CVSS_V3") || type.equals("CVSS_V31")) {
                Optional<Double> score = Cvss3.baseScore(vector);
                if (score.isPresent()) {
                    return Optional.of(new String[] {Severity.fromScore(score.get()).name(),
                        vector + " (base score " + score.get() + ")"});
                }
            }
        }
        // Only when no v3 vector scored: CVSS v4.0 (a v3 vector is preferred for comparability).
        for (JsonNode sev : root.path("severity")) {
            String vector = sev.path("score").asText("");
            if (sev.path("type").asText("").equals("CVSS_V4")) {
                Optional<Double> score = Cvss4.baseScore(vector);
                if (score.isPresent()) {
                    return Optional.of(new String[] {Severity.fromScore(score.get()).name(),
                        vector + " (base score " + score.get() + ")"});
                }
            }
        }
        // AlmaLinux and Red Hat put the band in front of the summary: "Important: pcs security update".
        int colon = summary.indexOf(':');
        if (colon > 0) {
            Optional<Severity> fromSummary = Severity.fromLabel(summary.substring(0, colon));
            if (fromSummary.isPresent()) {
                return Optional.of(new String[] {fromSummary.get().name(), "summary prefix"});
            }
        }
        return Optional.empty();
    }

    /**
     * Reads an RFC 3339 date-time ({@code 2021-12-10T00:40:56Z}, with fractions or an offset); anything else,
     * including a missing field, is unknown rather than an error: a date is informative, never needed to match.
     */
    static Optional<java.time.Instant> instant(JsonNode node) {
        if (!node.isTextual() || node.asText().length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.OffsetDateTime.parse(node.asText()).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return Optional.of(java.time.Instant.parse(node.asText()));
            } catch (java.time.format.DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private static Optional<Severity> label(JsonNode node) {
        return node.isTextual() ? Severity.fromLabel(node.asText()) : Optional.empty();
    }

    private static String text(JsonNode root, String field, String where) {
        JsonNode n = root.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw new InvalidInputException(where, "'" + field + "' is not a string");
        }
        return n.asText();
    }
}
