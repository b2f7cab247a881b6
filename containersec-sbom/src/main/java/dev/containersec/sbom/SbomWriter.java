package dev.containersec.sbom;

import dev.containersec.api.Sbom;
import dev.containersec.sbom.internal.cyclonedx.CycloneDxWriter;
import dev.containersec.sbom.internal.document.WriteOptions;
import dev.containersec.sbom.internal.spdx.SpdxWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes an {@link Sbom} as a CycloneDX 1.6 or SPDX 2.3 JSON document. Immutable and thread-safe.
 *
 * <pre>{@code
 * byte[] json = SbomWriter.of(SbomFormat.CYCLONEDX_JSON).toBytes(sbom);
 * }</pre>
 *
 * <p>Output is deterministic: packages are written in a stable order (type, name, version, purl,
 * location), the CycloneDX {@code serialNumber} and the SPDX {@code documentNamespace} are name-based
 * UUIDs of the content, and no time is written unless {@link #withCreated(Instant)} gives one (SPDX
 * requires a creation time, so without one it records the Unix epoch).
 *
 * <p>What goes where: the image (name, digests, platform, layers, OS) is CycloneDX
 * {@code metadata.component} of type {@code container} with {@code containersec:image:*} and
 * {@code containersec:os:*} properties, or the SPDX package {@code SPDXRef-Image} that the document
 * {@code DESCRIBES}, with the same keys as annotations. Each package's purl is the CycloneDX
 * {@code purl} or an SPDX {@code PACKAGE-MANAGER purl} external reference; its licences are CycloneDX
 * {@code licenses} or SPDX {@code licenseDeclared}; its cataloger, metadata and locations (path, layer
 * index and layer digest) are {@code containersec:package:foundBy}, {@code containersec:metadata:KEY} and
 * {@code containersec:location:N:path|layerIndex|layerDigest} properties or annotations. The files a
 * package owns ({@link dev.containersec.api.Package#files()}) are not written. Blank licence strings
 * are dropped.
 */
public final class SbomWriter {
    private final SbomFormat format;
    private final WriteOptions options;

    private SbomWriter(SbomFormat format, WriteOptions options) {
        this.format = format;
        this.options = options;
    }

    /**
     * Returns a writer for a format, with no creation time and no tool version.
     *
     * @param format the format
     * @return the writer
     */
    public static SbomWriter of(SbomFormat format) {
        return new SbomWriter(Objects.requireNonNull(format, "format"),
                new WriteOptions(Optional.empty(), Optional.empty()));
    }

    /**
     * Returns a writer that records a creation time (CycloneDX {@code metadata.timestamp}, SPDX
     * {@code creationInfo.created}), truncated to whole seconds.
     *
     * @param created the time
     * @return a new writer
     */
    public SbomWriter withCreated(Instant created) {
        return new SbomWriter(format, new WriteOptions(Optional.of(created), options.toolVersion()));
    }

    /**
     * Returns a writer that records containersec's version as the producing tool's.
     *
     * @param version for example {@code 0.1.0}
     * @return a new writer
     * @throws IllegalArgumentException if the version is blank or contains whitespace
     */
    public SbomWriter withToolVersion(String version) {
        Objects.requireNonNull(version, "version");
        if (version.isBlank() || !version.strip().equals(version) || version.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("tool version must be non-blank without whitespace: '" + version + "'");
        }
        return new SbomWriter(format, new WriteOptions(options.created(), Optional.of(version)));
    }

    /**
     * Returns the format this writer produces.
     *
     * @return the format
     */
    public SbomFormat format() {
        return format;
    }

    /**
     * Writes the document.
     *
     * @param sbom the SBOM
     * @return UTF-8 JSON, ending in a newline
     */
    public byte[] toBytes(Sbom sbom) {
        Objects.requireNonNull(sbom, "sbom");
        switch (format) {
            case CYCLONEDX_JSON: return CycloneDxWriter.write(sbom, options);
            case SPDX_JSON: return SpdxWriter.write(sbom, options);
            default: throw new IllegalStateException("unhandled format " + format);
        }
    }

    /**
     * Writes the document as a string.
     *
     * @param sbom the SBOM
     * @return the JSON text
     */
    public String toJson(Sbom sbom) {
        return new String(toBytes(sbom), StandardCharsets.UTF_8);
    }

    /**
     * Writes the document to a stream.
     *
     * @param sbom the SBOM
     * @param out the stream (flushed, not closed)
     * @throws IOException if writing fails
     */
    public void write(Sbom sbom, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        out.write(toBytes(sbom));
        out.flush();
    }
}
