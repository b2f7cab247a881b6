package dev.containersec.sbom.internal.vex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.ScanLimits;
import dev.containersec.sbom.VexStatement;
import dev.containersec.sbom.VexStatus;
import dev.containersec.sbom.internal.document.BoundedJson;
import dev.containersec.sbom.internal.document.Fields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads OpenVEX (v0.0.x and v0.2.x) and CycloneDX VEX documents into {@link VexStatement}s.
 *
 * @see <a href="https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md">OpenVEX specification</a>
 * @see <a href="https://cyclonedx.org/capabilities/vex/">CycloneDX VEX</a>
 */
public final class VexDocuments {
    private VexDocuments() {
    }

    /**
     * Parses a VEX document, detecting its format.
     *
     * @param document the bytes
     * @param subject the file name, for messages and {@link VexStatement#source()}
     * @param limits the bounds
     * @return the statements, in document order
     * @throws InvalidInputException naming the field when the document is neither format or malformed
     */
    public static List<VexStatement> parse(byte[] document, String subject, ScanLimits limits) {
        JsonNode root = new BoundedJson(limits).parse(document, subject);
        Fields f = new Fields(subject);
        f.requireObject(root, "");
        if (root.has("statements")) {
            return openVex(root, f, subject);
        }
        if (root.has("bomFormat")) {
            String format = f.requiredText(root, "", "bomFormat");
            if (!format.equals("CycloneDX")) {
                throw f.error("bomFormat", "expected CycloneDX, found '" + format + "'");
            }
            return cycloneDx(root, f, subject);
        }
        throw f.error("(root)", "neither an OpenVEX document (statements) nor a CycloneDX BOM (bomFormat)");
    }

    private static List<VexStatement> openVex(JsonNode root, Fields f, String subject) {
        List<VexStatement> out = new ArrayList<>();
        List<JsonNode> statements = f.array(root, "", "statements");
        for (int i = 0; i < statements.size(); i++) {
            String at = "statements[" + i + "]";
            JsonNode s = f.requireObject(statements.get(i), at);
            Set<String> ids = new LinkedHashSet<>();
            JsonNode v = s.get("vulnerability");
            if (v == null || v.isNull()) {
                throw f.error(at + ".vulnerability", "required field is missing");
            }
            if (v.isTextual()) {
                ids.add(v.textValue()); // v0.0.x: the vulnerability is a plain string
            } else {
                String vat = at + ".vulnerability";
                f.requireObject(v, vat);
                f.optionalText(v, vat, "name").ifPresent(ids::add);
                f.optionalText(v, vat, "@id").ifPresent(ids::add);
                List<JsonNode> aliases = f.array(v, vat, "aliases");
                for (int k = 0; k < aliases.size(); k++) {
                    ids.add(text(f, aliases.get(k), vat + ".aliases[" + k + "]"));
                }
            }
            ids.remove("");
            if (ids.isEmpty()) {
                throw f.error(at + ".vulnerability", "names no vulnerability (name, @id or aliases)");
            }
            Set<String> products = new LinkedHashSet<>();
            List<JsonNode> ps = f.array(s, at, "products");
            for (int k = 0; k < ps.size(); k++) {
                String pat = at + ".products[" + k + "]";
                JsonNode p = ps.get(k);
                if (p.isTextual()) {
                    products.add(p.textValue());
                    continue;
                }
                f.requireObject(p, pat);
                List<JsonNode> subs = f.array(p, pat, "subcomponents");
                if (subs.isEmpty()) {
                    productId(f, p, pat).ifPresent(products::add);
                }
                for (int m = 0; m < subs.size(); m++) {
                    String sat = pat + ".subcomponents[" + m + "]";
                    JsonNode sub = subs.get(m);
                    if (sub.isTextual()) {
                        products.add(sub.textValue());
                    } else {
                        productId(f, f.requireObject(sub, sat), sat).ifPresent(products::add);
                    }
                }
            }
            products.remove("");
            if (products.isEmpty()) {
                throw f.error(at + ".products", "names no product");
            }
            String statusText = f.requiredText(s, at, "status");
            VexStatus status = VexStatus.fromOpenVex(statusText).orElseThrow(() -> f.error(at + ".status",
                    "unknown status '" + statusText + "'; expected not_affected, affected, fixed or under_investigation"));
            Optional<String> justification = f.optionalText(s, at, "justification").filter(j -> !j.isEmpty());
            out.add(new VexStatement(List.copyOf(ids), List.copyOf(products), status, justification, subject));
        }
        return out;
    }

    private static Optional<String> productId(Fields f, JsonNode p, String at) {
        Optional<String> id = f.optionalText(p, at, "@id");
        Optional<JsonNode> identifiers = f.optionalObject(p, at, "identifiers");
        if (identifiers.isPresent()) {
            Optional<String> purl = f.optionalText(identifiers.get(), at + ".identifiers", "purl");
            if (purl.isPresent()) {
                return purl;
            }
        }
        return id;
    }

    private static List<VexStatement> cycloneDx(JsonNode root, Fields f, String subject) {
        Map<String, String> purlByRef = new HashMap<>();
        collectComponents(f, f.array(root, "", "components"), "components", purlByRef, 0);
        f.optionalObject(root, "", "metadata").flatMap(m -> f.optionalObject(m, "metadata", "component"))
                .ifPresent(c -> collectComponents(f, List.of(c), "metadata.component", purlByRef, 0));
        List<VexStatement> out = new ArrayList<>();
        List<JsonNode> vulns = f.array(root, "", "vulnerabilities");
        for (int i = 0; i < vulns.size(); i++) {
            String at = "vulnerabilities[" + i + "]";
            JsonNode v = f.requireObject(vulns.get(i), at);
            Set<String> ids = new LinkedHashSet<>();
            ids.add(f.requiredText(v, at, "id"));
            List<JsonNode> refs = f.array(v, at, "references");
            for (int k = 0; k < refs.size(); k++) {
                String rat = at + ".references[" + k + "]";
                ids.add(f.requiredText(f.requireObject(refs.get(k), rat), rat, "id"));
            }
            ids.remove("");
            if (ids.isEmpty()) {
                throw f.error(at + ".id", "must not be empty");
            }
            Optional<JsonNode> analysis = f.optionalObject(v, at, "analysis");
            if (analysis.isEmpty()) {
                continue; // a plain vulnerability listing, no VEX statement
            }
            String aat = at + ".analysis";
            Optional<String> state = f.optionalText(analysis.get(), aat, "state");
            if (state.isEmpty()) {
                continue;
            }
            VexStatus status = VexStatus.fromCycloneDx(state.get()).orElseThrow(() -> f.error(aat + ".state",
                    "unknown state '" + state.get() + "'; expected resolved, resolved_with_pedigree, exploitable,"
                            + " in_triage, false_positive or not_affected"));
            Optional<String> justification = f.optionalText(analysis.get(), aat, "justification")
                    .filter(j -> !j.isEmpty());
            if (state.get().equals("false_positive") && justification.isEmpty()) {
                justification = Optional.of("false_positive");
            }
            Set<String> products = new LinkedHashSet<>();
            List<JsonNode> affects = f.array(v, at, "affects");
            for (int k = 0; k < affects.size(); k++) {
                String fat = at + ".affects[" + k + "]";
                String ref = f.requiredText(f.requireObject(affects.get(k), fat), fat, "ref");
                String local = ref.startsWith("urn:cdx:") && ref.contains("#") ? ref.substring(ref.indexOf('#') + 1) : ref;
                String purl = purlByRef.get(local);
                if (purl != null) {
                    products.add(purl);
                } else if (local.startsWith("pkg:")) {
                    products.add(local);
                } else {
                    throw f.error(fat + ".ref", "'" + ref + "' names no component with a purl in this BOM");
                }
            }
            if (products.isEmpty()) {
                throw f.error(at + ".affects", "names no component");
            }
            out.add(new VexStatement(List.copyOf(ids), List.copyOf(products), status, justification, subject));
        }
        return out;
    }

    private static void collectComponents(Fields f, List<JsonNode> components, String at, Map<String, String> out,
                                          int depth) {
        for (int i = 0; i < components.size(); i++) {
            String cat = components.size() == 1 && at.equals("metadata.component") ? at : at + "[" + i + "]";
            JsonNode c = f.requireObject(components.get(i), cat);
            Optional<String> purl = f.optionalText(c, cat, "purl");
            Optional<String> ref = f.optionalText(c, cat, "bom-ref");
            if (purl.isPresent()) {
                out.put(purl.get(), purl.get());
                ref.ifPresent(r -> out.put(r, purl.get()));
            }
            collectComponents(f, f.array(c, cat, "components"), cat + ".components", out, depth + 1);
        }
    }

    private static String text(Fields f, JsonNode n, String at) {
        if (!n.isTextual()) {
            throw f.error(at, "expected a string, found " + Fields.kind(n));
        }
        return n.textValue();
    }
}
