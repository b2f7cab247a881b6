package dev.containersec.cli.scan;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The output formats of {@code scan}. */
public enum ScanFormat {
    /** A table for people. */
    TABLE,
    /** One JSON object. */
    JSON,
    /** SARIF 2.1.0, for GitHub code scanning. */
    SARIF,
    /** A CycloneDX 1.6 BOM with the findings as vulnerabilities (VEX). */
    CYCLONEDX_VEX;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code table}, {@code json}, {@code sarif} or {@code cyclonedx-vex}, ignoring case. */
    public static final class Converter implements ITypeConverter<ScanFormat> {
        @Override
        public ScanFormat convert(String value) {
            for (ScanFormat f : values()) {
                if (f.toString().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new TypeConversionException("unknown format '" + value + "'; expected table, json, sarif or cyclonedx-vex");
        }
    }
}
