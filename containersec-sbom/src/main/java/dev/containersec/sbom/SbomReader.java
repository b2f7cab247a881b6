package dev.containersec.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.containersec.api.InvalidInputException;
import dev.containersec.api.LimitExceededException;
import dev.containersec.api.Sbom;
import dev.containersec.api.ScanLimits;
import dev.containersec.sbom.internal.cyclonedx.CycloneDxReader;
import dev.containersec.sbom.internal.document.BoundedJson;
import dev.containersec.sbom.internal.document.Fields;
import dev.containersec.sbom.internal.spdx.SpdxReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads CycloneDX (1.4 to 1.6) and SPDX (2.2, 2.3) JSON documents into an {@link Sbom}, from
 * containersec or from other tools (Syft, Trivy, cdxgen). Immutable and thread-safe.
 *
 * <pre>{@code
 * Sbom sbom = SbomReader.withDefaults().read(Path.of("app.cdx.json"));
 * }</pre>
 *
 * <p>Documents are untrusted: one larger than {@link ScanLimits#maxDocumentBytes()} or nested deeper
 * than {@link ScanLimits#maxJsonDepth()} ends in a {@link LimitExceededException}; malformed JSON,
 * duplicate keys, an unsupported format or version, a field of the wrong type, a missing required field
 * or an invalid purl or digest end in an {@link InvalidInputException} whose message names the document
 * and the field, e.g. {@code app.cdx.json: components[3].purl: invalid purl: ...}.
 *
 * <p>The format is detected from the content: {@code bomFormat: "CycloneDX"} or {@code spdxVersion}.
 * Packages come back in the stable order of {@link Sbom#packages()}; a package without a purl gets
 * {@code pkg:generic/NAME@VERSION}; packages whose document does not say which cataloger found them
 * have {@code foundBy} {@code cyclonedx-json-reader} or {@code spdx-json-reader}.
 */
public final class SbomReader {
    private final ScanLimits limits;
    private final BoundedJson json;

    private SbomReader(ScanLimits limits) {
        this.limits = limits;
        this.json = new BoundedJson(limits);
    }

    /**
     * Returns a reader bounded by {@link ScanLimits#defaults()}.
     *
     * @return the reader
     */
    public static SbomReader withDefaults() {
        return new SbomReader(ScanLimits.defaults());
    }

    /**
     * Returns a reader bounded by the given limits ({@code maxDocumentBytes}, {@code maxJsonDepth}).
     *
     * @param limits the limits
     * @return the reader
     */
    public static SbomReader withLimits(ScanLimits limits) {
        return new SbomReader(Objects.requireNonNull(limits, "limits"));
    }

    /**
     * Returns the limits in force.
     *
     * @return the limits
     */
    public ScanLimits limits() {
        return limits;
    }

    /**
     * Reads a file. The subject is named by the document, else by the file name.
     *
     * @param file the document
     * @return the SBOM
     * @throws IOException if the file cannot be read
     * @throws InvalidInputException if it is not an acceptable SBOM
     */
    public Sbom read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads a stream (not closed), stopping as soon as it exceeds the document size limit.
     *
     * @param in the document
     * @param source what the document is, for messages and as the default subject name, e.g. a file name
     * @return the SBOM
     * @throws IOException if reading fails
     * @throws InvalidInputException if it is not an acceptable SBOM
     */
    public Sbom read(InputStream in, String source) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(source, "source");
        return read(json.readAll(in, source), source);
    }

    /**
     * Reads a document held in memory.
     *
     * @param document the document's bytes (UTF-8, or UTF-16/32 with detection)
     * @param source what the document is, for messages and as the default subject name
     * @return the SBOM
     * @throws InvalidInputException if it is not an acceptable SBOM
     */
    public Sbom read(byte[] document, String source) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(source, "source");
        JsonNode root = json.parse(document, source);
        SbomFormat format = detect(root, source);
        Fields fields = new Fields(source);
        switch (format) {
            case CYCLONEDX_JSON: return CycloneDxReader.read(root, source, fields);
            case SPDX_JSON: return SpdxReader.read(root, source, fields);
            default: throw new IllegalStateException("unhandled format " + format);
        }
    }

    /**
     * Tells which format a document is in, without reading its packages.
     *
     * @param document the document's bytes
     * @param source what the document is, for messages
     * @return the format
     * @throws InvalidInputException if it is neither CycloneDX nor SPDX JSON
     */
    public SbomFormat detectFormat(byte[] document, String source) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(source, "source");
        return detect(json.parse(document, source), source);
    }

    private static SbomFormat detect(JsonNode root, String source) {
        if (!root.isObject()) {
            throw new InvalidInputException(source, "(root): expected an SBOM object, found " + Fields.kind(root));
        }
        if (root.has("bomFormat")) {
            return SbomFormat.CYCLONEDX_JSON;
        }
        if (root.has("spdxVersion")) {
            return SbomFormat.SPDX_JSON;
        }
        throw new InvalidInputException(source, "(root): neither CycloneDX JSON (no 'bomFormat') nor SPDX JSON"
                + " (no 'spdxVersion')");
    }
}
