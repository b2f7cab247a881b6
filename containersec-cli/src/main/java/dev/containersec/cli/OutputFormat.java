package dev.containersec.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The output formats of commands that offer {@code table} (for people) and {@code json} (for programs). */
public enum OutputFormat {
    /** Aligned text for a terminal; not a stable interface. */
    TABLE,
    /** JSON with stable, camelCase field names; fields are only ever added. */
    JSON;

    /**
     * Returns the name as typed on the command line.
     *
     * @return {@code table} or {@code json}
     */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code --format} case-insensitively; an unknown value is a usage error listing the allowed ones. */
    public static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            for (OutputFormat f : values()) {
                if (f.name().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a format; use one of "
                    + Arrays.stream(values()).map(OutputFormat::toString).collect(Collectors.joining(", ")));
        }
    }
}
