package dev.containersec.sbom.internal.version;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import dev.containersec.sbom.OsvAffected;
import dev.containersec.sbom.OsvEvent;
import dev.containersec.sbom.OsvRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the {@code affected} part of OSV JSON records with Jackson, within {@link ScanLimits}. */
public final class OsvJson {

    private OsvJson() {
    }

    /**
     * Reads the affected entries of one advisory.
     *
     * @param json the advisory
     * @param limits size and nesting bounds
     * @return the entries
     * @throws InvalidInputException when the document is not an acceptable OSV record
     */
    public static List<OsvAffected> readAffected(String json, ScanLimits limits) {
        String subject = "OSV advisory";
        long bytes = json.length() <= limits.maxDocumentBytes() / 3 ? json.length()
                : json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxDocumentBytes()) {
            throw new LimitExceededException(subject, ScanLimits.Limit.DOCUMENT_BYTES, limits.maxDocumentBytes(),
                    bytes);
        }
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxJsonDepth()).build())
                .build();
        JsonNode root;
        try {
            root = new ObjectMapper(factory).readTree(json);
        } catch (StreamConstraintsException e) {
            throw new LimitExceededException(subject, ScanLimits.Limit.JSON_DEPTH, limits.maxJsonDepth(),
                    limits.maxJsonDepth() + 1L);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(subject, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(subject, "not a JSON object");
        }
        String id = root.path("id").asText("");
        if (!id.isEmpty()) {
            subject = "OSV advisory " + (id.length() > 80 ? id.substring(0, 80) : id);
        }
        JsonNode affected = root.path("affected");
        if (affected.isMissingNode() || affected.isNull()) {
            return List.of();
        }
        if (!affected.isArray()) {
            throw new InvalidInputException(subject, "'affected' is not an array");
        }
        List<OsvAffected> out = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : affected) {
            out.add(readEntry(subject + " affected[" + index++ + "]", entry));
        }
        return out;
    }

    private static OsvAffected readEntry(String subject, JsonNode entry) {
        if (!entry.isObject()) {
            throw new InvalidInputException(subject, "not an object");
        }
        JsonNode pkg = entry.path("package");
        String ecosystem = text(pkg.path("ecosystem"), subject + " package.ecosystem");
        String name = text(pkg.path("name"), subject + " package.name");
        List<OsvRange> ranges = new ArrayList<>();
        JsonNode rangesNode = entry.path("ranges");
        int r = 0;
        for (JsonNode range : array(rangesNode, subject + " ranges")) {
            ranges.add(readRange(subject + " ranges[" + r++ + "]", range));
        }
        List<String> versions = new ArrayList<>();
        for (JsonNode v : array(entry.path("versions"), subject + " versions")) {
            if (!v.isTextual()) {
                throw new InvalidInputException(subject, "versions[] holds a non-string");
            }
            versions.add(v.asText());
        }
        return new OsvAffected(ecosystem, name, ranges, versions);
    }

    private static OsvRange readRange(String subject, JsonNode range) {
        String typeText = text(range.path("type"), subject + " type");
        OsvRange.Type type;
        try {
            type = OsvRange.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(subject, "unknown range type '" + typeText
                    + "' (expected SEMVER, ECOSYSTEM or GIT)");
        }
        List<OsvEvent> events = new ArrayList<>();
        for (JsonNode event : array(range.path("events"), subject + " events")) {
            events.add(readEvent(subject, event));
        }
        if (events.isEmpty()) {
            throw new InvalidInputException(subject, "a range needs at least one event");
        }
        String repo = text(range.path("repo"), subject + " repo");
        return new OsvRange(type, events, repo.isEmpty() ? Optional.empty() : Optional.of(repo));
    }

    private static OsvEvent readEvent(String subject, JsonNode event) {
        if (!event.isObject() || event.size() != 1) {
            throw new InvalidInputException(subject, "an event must be an object with exactly one key");
        }
        String key = event.fieldNames().next();
        for (OsvEvent.Kind kind : OsvEvent.Kind.values()) {
            if (kind.jsonKey().equals(key)) {
                String version = text(event.get(key), subject + " " + key);
                if (version.isEmpty()) {
                    throw new InvalidInputException(subject, "empty version in a '" + key + "' event");
                }
                return new OsvEvent(kind, version);
            }
        }
        throw new InvalidInputException(subject, "unknown event '" + key
                + "' (expected introduced, fixed, last_affected or limit)");
    }

    private static Iterable<JsonNode> array(JsonNode node, String subject) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidInputException(subject, "not an array");
        }
        return node;
    }

    private static String text(JsonNode node, String subject) {
        if (node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new InvalidInputException(subject, "not a string");
        }
        return node.asText();
    }
}
