package dev.containersec.cli.scan;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The output formats of {@code scan}. */
public enum ScanFormat {
    /** A table for people. */
    TABLE,
    /** One JSON object. */
    JSON;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code table} or {@code json}, ignoring case. */
    public static final class Converter implements ITypeConverter<ScanFormat> {
        @Override
        public ScanFormat convert(String value) {
            for (ScanFormat f : values()) {
                if (f.toString().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new TypeConversionException("unknown format '" + value + "'; expected table or json");
        }
    }
}
