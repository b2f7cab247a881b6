package dev.containersec.policy.internal.vuln;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.ScanLimits;
import dev.containersec.policy.internal.k8s.ManifestDocument;
import dev.containersec.policy.internal.k8s.ManifestLoader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a Known Exploited Vulnerabilities list: CISA's catalog JSON
 * ({@code {"vulnerabilities":[{"cveID":"CVE-2021-44228", ...}]}}), or plain text with one or more IDs per line
 * (separated by spaces or commas; {@code #} starts a comment). IDs are returned upper case.
 *
 * @see <a href="https://www.cisa.gov/known-exploited-vulnerabilities-catalog">CISA KEV catalog</a>
 */
public final class KevList {

    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9._:]+)+");

    private KevList() {
    }

    /**
     * Parses a list.
     *
     * @param content the file's bytes (JSON when it starts with '{', else UTF-8 text)
     * @param source a name for messages
     * @param limits the bounds (the document size and JSON depth)
     * @return the IDs, upper case, in file order
     * @throws InvalidInputException naming the line or entry when the list is malformed
     */
    public static Set<String> parse(byte[] content, String source, ScanLimits limits) {
        if (content.length > limits.maxDocumentBytes()) {
            throw new LimitExceededException(source, ScanLimits.Limit.DOCUMENT_BYTES, limits.maxDocumentBytes(),
                    content.length);
        }
        String text = new String(content, StandardCharsets.UTF_8);
        String stripped = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return stripped.stripLeading().startsWith("{") ? json(content, source, limits) : text(stripped, source);
    }

    private static Set<String> json(byte[] content, String source, ScanLimits limits) {
        Set<String> ids = new LinkedHashSet<>();
        for (ManifestDocument d : new ManifestLoader(limits).load(content, source)) {
            JsonNode list = d.content().path("vulnerabilities");
            if (!list.isArray()) {
                throw new InvalidInputException(source, "a KEV catalog needs a 'vulnerabilities' array");
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode id = list.get(i).path("cveID");
                if (!id.isTextual() || !ID.matcher(id.textValue()).matches()) {
                    throw new InvalidInputException(source, "vulnerabilities[" + i + "].cveID is not a vulnerability ID");
                }
                ids.add(id.textValue().toUpperCase(Locale.ROOT));
            }
        }
        return ids;
    }

    private static Set<String> text(String text, String source) {
        Set<String> ids = new LinkedHashSet<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            for (String token : line.split("[\\s,]+")) {
                if (token.isEmpty()) {
                    continue;
                }
                if (!ID.matcher(token).matches()) {
                    throw new InvalidInputException(source, "line " + (n + 1) + ": '"
                            + FindingsReport.abbreviate(token) + "' is not a vulnerability ID (e.g. CVE-2021-44228)");
                }
                ids.add(token.toUpperCase(Locale.ROOT));
            }
        }
        return ids;
    }
}
