package dev.containersec.policy.internal.waivers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.policy.PolicyWaiver;
import dev.containersec.policy.internal.k8s.ManifestDocument;
import dev.containersec.policy.internal.k8s.ManifestLoader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads waiver files (see {@code PolicyWaivers}) as hostile input, through the bounded manifest loader. */
public final class WaiverFile {

    private static final Set<String> FIELDS = Set.of("rule", "rules", "kind", "namespace", "name", "container",
            "image", "value", "reason", "expires");

    private WaiverFile() {
    }

    /**
     * Reads a file.
     *
     * @param file the file
     * @param limits the bounds
     * @return the waivers, in file order
     */
    public static List<PolicyWaiver> load(Path file, ScanLimits limits) {
        return read(new ManifestLoader(limits).load(file));
    }

    /**
     * Reads content held in memory.
     *
     * @param content the bytes
     * @param source a name for messages
     * @param limits the bounds
     * @return the waivers, in file order
     */
    public static List<PolicyWaiver> parse(byte[] content, String source, ScanLimits limits) {
        return read(new ManifestLoader(limits).load(content, source));
    }

    private static List<PolicyWaiver> read(List<ManifestDocument> documents) {
        List<PolicyWaiver> out = new ArrayList<>();
        for (ManifestDocument d : documents) {
            JsonNode list = d.content().get("waivers");
            if (list == null || !list.isArray()) {
                throw new InvalidInputException(d.source(), "line " + d.line()
                        + ": expected a mapping with a 'waivers' list");
            }
            for (int i = 0; i < list.size(); i++) {
                out.add(waiver(d.source() + "#waivers[" + i + "]", list.get(i)));
            }
        }
        return List.copyOf(out);
    }

    private static PolicyWaiver waiver(String where, JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidInputException(where, "a waiver must be a mapping");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new InvalidInputException(where, "unknown field '" + f + "'; expected one of "
                        + new java.util.TreeSet<>(FIELDS));
            }
        }
        List<String> rules = new ArrayList<>();
        text(where, node, "rule").ifPresent(rules::add);
        JsonNode many = node.get("rules");
        if (many != null) {
            if (!many.isArray()) {
                throw new InvalidInputException(where, "'rules' must be a list of rule IDs");
            }
            many.forEach(r -> {
                if (!r.isTextual() || r.textValue().isBlank()) {
                    throw new InvalidInputException(where, "'rules' must be a list of rule IDs");
                }
                rules.add(r.textValue());
            });
        }
        if (rules.isEmpty()) {
            throw new InvalidInputException(where, "needs 'rule' (or 'rules')");
        }
        String reason = text(where, node, "reason")
                .orElseThrow(() -> new InvalidInputException(where, "needs a 'reason'"));
        String expiresText = text(where, node, "expires")
                .orElseThrow(() -> new InvalidInputException(where, "needs 'expires' (an ISO date, e.g. 2026-12-31)"));
        LocalDate expires;
        try {
            expires = LocalDate.parse(expiresText);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(where, "'expires' must be an ISO date such as 2026-12-31, was '"
                    + expiresText + "'", e);
        }
        return new PolicyWaiver(where, rules, text(where, node, "kind"), text(where, node, "namespace"),
                text(where, node, "name"), text(where, node, "container"), text(where, node, "image"),
                text(where, node, "value"), reason, expires);
    }

    private static Optional<String> text(String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode() || v.isBinary()) {
            throw new InvalidInputException(where, "'" + field + "' must be a string");
        }
        String s = v.asText();
        if (s.isBlank()) {
            throw new InvalidInputException(where, "'" + field + "' must not be empty");
        }
        return Optional.of(s);
    }
}
