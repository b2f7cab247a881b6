package dev.containersec.cli.scan;

import dev.containersec.api.Severity;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --fail-on} values: critical, high, medium, low (any case). */
public final class SeverityConverter implements ITypeConverter<Severity> {
    @Override
    public Severity convert(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        for (Severity s : Severity.values()) {
            if (s != Severity.UNKNOWN && s.name().equals(v)) {
                return s;
            }
        }
        throw new TypeConversionException("unknown severity '" + value + "'; expected critical, high, medium or low");
    }
}
