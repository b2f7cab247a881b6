package dev.containersec.cli.sbom;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The output formats of {@code containersec sbom}. */
public enum SbomOutputFormat {
    /** CycloneDX 1.6 JSON. */
    CYCLONEDX_JSON("cyclonedx-json"),
    /** SPDX 2.3 JSON. */
    SPDX_JSON("spdx-json"),
    /** Aligned text for a terminal; not a stable interface. */
    TABLE("table");

    private final String id;

    SbomOutputFormat(String id) {
        this.id = id;
    }

    /**
     * Returns the name as typed on the command line.
     *
     * @return for example {@code cyclonedx-json}
     */
    @Override
    public String toString() {
        return id;
    }

    /** Reads {@code --format} case-insensitively; an unknown value is a usage error listing the allowed ones. */
    public static final class Converter implements ITypeConverter<SbomOutputFormat> {
        @Override
        public SbomOutputFormat convert(String value) {
            for (SbomOutputFormat f : values()) {
                if (f.id.equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a format; use one of "
                    + Arrays.stream(values()).map(SbomOutputFormat::toString).collect(Collectors.joining(", ")));
        }
    }
}
