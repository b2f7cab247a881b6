package dev.containersec.policy.internal.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.Digest;
import dev.containersec.api.Finding;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.Package;
import dev.containersec.api.PackageLocation;
import dev.containersec.api.Purl;
import dev.containersec.api.Severity;
import dev.containersec.api.Vulnerability;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the JSON object {@code containersec scan --format json} writes back into {@link Finding}s: its
 * {@code findings} array (suppressed findings are left out, as the scan left them out). Each finding needs
 * {@code id} and {@code package} with {@code name} and {@code purl}; {@code severity} is a band name or a
 * database label (anything else is {@link Severity#UNKNOWN}); {@code published} (an ISO instant or date) is
 * read when present; the other fields default to empty.
 */
public final class FindingsReport {

    private FindingsReport() {
    }

    /**
     * Tells whether a document is a scan report: an object with a {@code findings} array and a textual
     * {@code target}, and no Kubernetes {@code kind}.
     *
     * @param root the document
     * @return true for a scan report
     */
    public static boolean isReport(JsonNode root) {
        return root.isObject() && root.path("findings").isArray() && root.path("target").isTextual()
                && !root.has("kind");
    }

    /**
     * Returns the report's target (the image or SBOM that was scanned).
     *
     * @param root a report
     * @return the target
     */
    public static String target(JsonNode root) {
        return root.path("target").asText("");
    }

    /**
     * Reads the findings of a report.
     *
     * @param root a report ({@link #isReport(JsonNode)})
     * @param source a name for messages
     * @return the findings, in report order
     * @throws InvalidInputException naming the finding and field when one is malformed
     */
    public static List<Finding> findings(JsonNode root, String source) {
        if (!isReport(root)) {
            throw new InvalidInputException(source, "not a containersec scan report (an object with 'target' and a "
                    + "'findings' array)");
        }
        List<Finding> out = new ArrayList<>();
        JsonNode all = root.path("findings");
        for (int i = 0; i < all.size(); i++) {
            out.add(finding(all.get(i), source, "findings[" + i + "]"));
        }
        return List.copyOf(out);
    }

    private static Finding finding(JsonNode f, String source, String at) {
        if (!f.isObject()) {
            throw new InvalidInputException(source, at + " is not an object");
        }
        String id = required(f, "id", source, at);
        List<String> aliases = strings(f.path("aliases"), source, at + ".aliases");
        Severity severity = severity(f.path("severity").asText(""));
        Optional<Instant> published = published(f.path("published"), source, at);
        Vulnerability v = new Vulnerability(id, aliases, text(f, "summary", source, at), severity,
                severity == Severity.UNKNOWN ? "" : text(f, "severitySource", source, at), published);
        JsonNode p = f.path("package");
        if (!p.isObject()) {
            throw new InvalidInputException(source, at + ".package must be an object");
        }
        String pat = at + ".package";
        Purl purl;
        try {
            purl = Purl.parse(required(p, "purl", source, pat));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(source, pat + ".purl: " + e.getMessage(), e);
        }
        List<PackageLocation> locations = new ArrayList<>();
        JsonNode locs = p.path("locations");
        if (!locs.isMissingNode() && !locs.isArray()) {
            throw new InvalidInputException(source, pat + ".locations must be an array");
        }
        for (int i = 0; i < locs.size(); i++) {
            locations.add(location(locs.get(i), source, pat + ".locations[" + i + "]"));
        }
        String name = required(p, "name", source, pat);
        Package pkg = new Package(name, text(p, "version", source, pat),
                p.has("type") ? text(p, "type", source, pat) : purl.type(), purl, List.of(), locations, "scan-report",
                new TreeMap<>(), List.of());
        String packageName = f.has("packageName") ? text(f, "packageName", source, at) : name;
        return new Finding(v, pkg, text(f, "ecosystem", source, at), packageName,
                text(f, "affectedRange", source, at), strings(f.path("fixedVersions"), source, at + ".fixedVersions"),
                text(f, "evidence", source, at));
    }

    private static PackageLocation location(JsonNode l, String source, String at) {
        if (!l.isObject()) {
            throw new InvalidInputException(source, at + " is not an object");
        }
        JsonNode index = l.path("layerIndex");
        int layer = -1;
        if (!index.isMissingNode()) {
            if (!index.canConvertToInt() || !index.isIntegralNumber() || index.intValue() < -1) {
                throw new InvalidInputException(source, at + ".layerIndex must be an integer >= -1");
            }
            layer = index.intValue();
        }
        Optional<Digest> digest = Optional.empty();
        if (l.has("layerDigest") && !l.get("layerDigest").isNull()) {
            try {
                digest = Optional.of(Digest.parse(text(l, "layerDigest", source, at)));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(source, at + ".layerDigest: " + e.getMessage(), e);
            }
        }
        return new PackageLocation(required(l, "path", source, at), layer, digest);
    }

    private static Severity severity(String label) {
        try {
            return Severity.valueOf(label.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Severity.fromLabel(label).orElse(Severity.UNKNOWN);
        }
    }

    private static Optional<Instant> published(JsonNode n, String source, String at) {
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        String s = n.asText("");
        try {
            return Optional.of(s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC)
                    .toInstant() : Instant.parse(s));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(source, at + ".published is not an ISO instant or date: '"
                    + abbreviate(s) + "'", e);
        }
    }

    private static String required(JsonNode o, String field, String source, String at) {
        String s = text(o, field, source, at);
        if (s.isEmpty()) {
            throw new InvalidInputException(source, at + "." + field + " is missing or empty");
        }
        return s;
    }

    private static String text(JsonNode o, String field, String source, String at) {
        JsonNode n = o.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw new InvalidInputException(source, at + "." + field + " must be a string");
        }
        return n.textValue();
    }

    private static List<String> strings(JsonNode n, String source, String at) {
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new InvalidInputException(source, at + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new InvalidInputException(source, at + " must be an array of strings");
            }
            out.add(e.textValue());
        }
        return out;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
