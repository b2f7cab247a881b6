package dev.containersec.cli.watch;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --source} argument: {@code ID} or {@code ID:REST}. For sources with a {@code path}
 * parameter ({@code falco-json}, {@code replay}) REST is the path ({@code -} for standard input);
 * otherwise REST is {@code key=value} pairs separated by {@code ;} (e.g. {@code procfs:interval=100}).
 *
 * @param id the source id
 * @param rest what followed the colon, or empty
 */
record SourceSpec(String id, String rest) {

    /** The parameters for a source that takes a path or not. */
    Map<String, String> parameters(boolean takesPath) {
        Map<String, String> p = new LinkedHashMap<>();
        if (rest.isEmpty()) {
            return p;
        }
        if (takesPath) {
            p.put("path", rest);
            return p;
        }
        for (String pair : rest.split(";")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("source parameter '" + pair + "' is not key=value");
            }
            p.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return p;
    }

    @Override
    public String toString() {
        return rest.isEmpty() ? id : id + ":" + rest;
    }

    /** Parses {@code --source}. */
    static final class Converter implements ITypeConverter<SourceSpec> {
        @Override
        public SourceSpec convert(String value) {
            int colon = value.indexOf(':');
            String id = colon < 0 ? value : value.substring(0, colon);
            if (!id.matches("[a-z][a-z0-9._-]{0,63}")) {
                throw new TypeConversionException("'" + value + "' is not a source; use ebpf, procfs, "
                        + "falco-json:FILE, tetragon-json:FILE or replay:FILE");
            }
            return new SourceSpec(id, colon < 0 ? "" : value.substring(colon + 1));
        }
    }
}
