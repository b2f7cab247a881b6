package dev.containersec.sbom;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The SBOM document formats containersec reads and writes.
 *
 * @see <a href="https://cyclonedx.org/docs/1.6/json/">CycloneDX 1.6 JSON</a>
 * @see <a href="https://spdx.github.io/spdx-spec/v2.3/">SPDX 2.3</a>
 */
public enum SbomFormat {
    /** CycloneDX JSON: written as 1.6, read from 1.4, 1.5 and 1.6. */
    CYCLONEDX_JSON("cyclonedx-json", "application/vnd.cyclonedx+json", ".cdx.json"),
    /** SPDX JSON: written as 2.3, read from 2.2 and 2.3. */
    SPDX_JSON("spdx-json", "application/spdx+json", ".spdx.json");

    private final String id;
    private final String mediaType;
    private final String fileExtension;

    SbomFormat(String id, String mediaType, String fileExtension) {
        this.id = id;
        this.mediaType = mediaType;
        this.fileExtension = fileExtension;
    }

    /**
     * Returns the name used on the command line and in configuration.
     *
     * @return {@code cyclonedx-json} or {@code spdx-json}
     */
    public String id() {
        return id;
    }

    /**
     * Returns the IANA media type of the format.
     *
     * @return for example {@code application/vnd.cyclonedx+json}
     */
    public String mediaType() {
        return mediaType;
    }

    /**
     * Returns the conventional file name ending.
     *
     * @return {@code .cdx.json} or {@code .spdx.json}
     */
    public String fileExtension() {
        return fileExtension;
    }

    /**
     * Finds a format by its {@link #id()}, ignoring case.
     *
     * @param id for example {@code spdx-json}
     * @return the format
     * @throws IllegalArgumentException naming the allowed ids when none matches
     */
    public static SbomFormat fromId(String id) {
        for (SbomFormat f : values()) {
            if (f.id.equalsIgnoreCase(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown SBOM format '" + id + "'; use one of "
                + Arrays.stream(values()).map(SbomFormat::id).collect(Collectors.joining(", ")));
    }

    /**
     * Returns the {@link #id()}.
     *
     * @return the id
     */
    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
